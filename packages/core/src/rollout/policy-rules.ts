/**
 * What a rollout policy says about a step, kept apart from the policy's zod schema so that
 * the state machine (and every function that reaches it) does not bundle zod's full API.
 */
import type { RolloutPolicy } from "./policy.js";

/** The bake time of step `index`. */
export function bakeSecondsFor(policy: RolloutPolicy, index: number): number {
  return Array.isArray(policy.bakeSeconds) ? (policy.bakeSeconds[index] ?? 0) : policy.bakeSeconds;
}

/** Whether the step at `index` needs an approval before traffic moves to it. */
export function needsApproval(policy: RolloutPolicy, index: number): boolean {
  const weight = policy.steps[index];
  return typeof policy.approval === "object" && weight !== undefined && policy.approval.manualBefore.includes(weight);
}
