/**
 * Applying scaling plans: to the live variants of an endpoint (after a plan is stored,
 * when the endpoint is in service again after a promotion, and on the tick when drift is
 * found). Only what differs is called; Describe* first.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Notifier } from "../ports/notifier.js";
import type { EndpointView, RolloutSageMakerPort, RolloutStore } from "../ports/rollout.js";
import type { ScalingPort, ScalingStore, StoredScalingPlan } from "../ports/scaling.js";
import { TERMINAL } from "../rollout/machine.js";
import { type CurrentScaling, desiredScaling, diffScaling, type ScalingAction, variantResourceId } from "./diff.js";

/** How often the tick compares each plan with Application Auto Scaling. */
export const DRIFT_CHECK_SECONDS = 300;

export interface ScalingDeps {
  readonly store: ScalingStore;
  readonly scaling: ScalingPort;
  readonly sagemaker: Pick<RolloutSageMakerPort, "describeEndpointView">;
  readonly rollouts: Pick<RolloutStore, "getActive">;
  readonly notifier: Notifier;
  readonly now: Date;
  readonly log?: Pick<Logger, "info" | "warn">;
}

export interface ApplyOptions {
  /** Skip when the endpoint is on the config the plan was last applied to (InService after a weight shift). */
  readonly whenConfigChanged?: boolean;
}

export type ApplyStatus = "applied" | "unchanged" | "no-plan" | "endpoint-not-in-service";

export interface ApplyResult extends Record<string, unknown> {
  readonly endpoint: string;
  readonly status: ApplyStatus;
  readonly calls: readonly string[];
}

export function describeAction(action: ScalingAction): string {
  switch (action.kind) {
    case "register-target":
      return `RegisterScalableTarget(${action.resourceId}, min ${action.minCapacity}, max ${action.maxCapacity})`;
    case "put-policy":
      return `PutScalingPolicy(${action.resourceId}, ${action.name}, ${action.targetTracking.targetValue} invocations per instance)`;
    case "delete-policy":
      return `DeleteScalingPolicy(${action.resourceId}, ${action.name})`;
    case "put-scheduled-action":
      return `PutScheduledAction(${action.resourceId}, ${action.action.name}, ${action.action.schedule})`;
    case "delete-scheduled-action":
      return `DeleteScheduledAction(${action.resourceId}, ${action.name})`;
  }
}

interface Comparison {
  readonly stored: StoredScalingPlan;
  readonly view: EndpointView;
  readonly current: CurrentScaling;
  readonly actions: ScalingAction[];
}

async function compare(
  endpoint: string,
  deps: ScalingDeps,
  options: ApplyOptions = {},
): Promise<Comparison | ApplyStatus> {
  const stored = await deps.store.getPlan(endpoint);
  if (!stored) return "no-plan";
  const view = await deps.sagemaker.describeEndpointView(endpoint);
  if (view?.status !== "InService") return "endpoint-not-in-service";
  // Same config as last time: no variant came or went (a weight shift); the periodic check still catches drift.
  if (options.whenConfigChanged && stored.appliedConfig === view.configName) return "unchanged";
  const active = await deps.rollouts.getActive(endpoint);
  const challenger =
    active && !TERMINAL.has(active.rollout.status) && active.rollout.status !== "Requested"
      ? active.rollout.challenger.variantName
      : undefined;
  const variants = view.variants.map((v) => v.variantName);
  const desired = desiredScaling(stored.plan, endpoint, variants, challenger);
  const current = await deps.scaling.describe(variants.map((v) => variantResourceId(endpoint, v)));
  return { stored, view, current, actions: diffScaling(desired, current) };
}

/**
 * Makes Application Auto Scaling match the endpoint's plan on its live variants.
 *
 * @example
 * await applyScalingPlan("churn-prod", deps, "plan stored"); // { status: "applied", calls: [...] }
 */
export async function applyScalingPlan(
  endpoint: string,
  deps: ScalingDeps,
  reason: string,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const comparison = await compare(endpoint, deps, options);
  if (typeof comparison === "string") return { endpoint, status: comparison, calls: [] };
  const calls: string[] = [];
  for (const action of comparison.actions) {
    await deps.scaling.apply(action);
    calls.push(describeAction(action));
  }
  const nextCheck = new Date(deps.now.getTime() + DRIFT_CHECK_SECONDS * 1000);
  if (calls.length > 0) {
    await deps.store.recordApplied(
      endpoint,
      { at: deps.now.toISOString(), reason, calls },
      comparison.view.configName,
      nextCheck,
    );
    deps.log?.info("Scaling plan applied", { endpoint, reason, calls });
  } else {
    await deps.store.recordApplied(
      endpoint,
      comparison.stored.lastApplied ?? { at: deps.now.toISOString(), reason, calls },
      comparison.view.configName,
      nextCheck,
    );
  }
  return { endpoint, status: calls.length > 0 ? "applied" : "unchanged", calls };
}

/** The stored plan, what Application Auto Scaling has now, and the drift between them (nothing is changed). */
export async function scalingStatus(endpoint: string, deps: ScalingDeps) {
  const comparison = await compare(endpoint, deps);
  if (typeof comparison === "string") {
    const stored = comparison === "no-plan" ? undefined : await deps.store.getPlan(endpoint);
    return {
      endpoint,
      status: comparison,
      plan: stored?.plan ?? null,
      lastApplied: stored?.lastApplied ?? null,
      current: null,
      drift: [],
    };
  }
  return {
    endpoint,
    status: comparison.actions.length === 0 ? "in-sync" : "drifted",
    plan: comparison.stored.plan,
    lastApplied: comparison.stored.lastApplied ?? null,
    current: comparison.current,
    drift: comparison.actions.map(describeAction),
  };
}

/** The tick: plans whose drift check is due are compared and, where they drifted, re-applied and reported. */
export async function reapplyDriftedPlans(deps: ScalingDeps): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const stored of await deps.store.listDueForCheck(deps.now)) {
    const result = await applyScalingPlan(stored.endpoint, deps, "drift found by the periodic check");
    results.push(result);
    if (result.status === "applied") {
      try {
        await deps.notifier.notify({
          key: `scaling-drift#${stored.endpoint}#${deps.now.toISOString()}`,
          title: `Scaling drift on ${stored.endpoint} re-applied`,
          text: result.calls.join("\n"),
          severity: "warning",
          fields: { endpoint: stored.endpoint },
        });
      } catch (error) {
        deps.log?.warn("Could not report scaling drift", {
          endpoint: stored.endpoint,
          error: (error as Error).message,
        });
      }
    }
  }
  return results;
}
