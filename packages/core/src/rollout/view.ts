/** What `GET /rollouts/{endpoint}` shows: state, step, weights, the next action and when, and the history. */

import { nextDueAt, type Rollout } from "./machine.js";
import { bakeSecondsFor } from "./policy-rules.js";

export interface RolloutView {
  readonly endpoint: string;
  readonly tuningJob: string;
  readonly status: Rollout["status"];
  readonly paused: boolean;
  readonly step: { readonly index: number; readonly of: number; readonly challengerWeight: number } | null;
  readonly weights: Record<string, number>;
  readonly challenger: Rollout["challenger"];
  readonly champion: Rollout["champion"] | null;
  readonly nextAction: { readonly action: string; readonly at: string | null } | null;
  readonly pending: Rollout["pending"] | null;
  readonly reason: string | null;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly history: Rollout["history"];
}

function nextAction(rollout: Rollout): RolloutView["nextAction"] {
  const at = nextDueAt(rollout) ?? null;
  if (rollout.pending && !rollout.pending.acceptedAt) {
    return {
      action: `${rollout.pending.attempts > 0 ? "retry" : "call"} ${rollout.pending.command.kind}`,
      at: rollout.pending.notBefore,
    };
  }
  switch (rollout.status) {
    case "Requested":
      return { action: "start", at };
    case "Baking": {
      if (rollout.paused) return { action: "paused: resume to continue the bake", at: null };
      const weight = rollout.challengerWeight;
      const bake = rollout.policy ? bakeSecondsFor(rollout.policy, rollout.stepIndex) : 0;
      return { action: weight >= 100 ? `promote after a ${bake}s bake` : `next step after a ${bake}s bake`, at };
    }
    case "AwaitingApproval":
      return { action: `approve with POST /rollouts/${rollout.endpoint}/promote`, at: null };
    case "Deploying":
    case "Shifting":
    case "Promoting":
    case "RollingBack":
      return { action: "wait for the endpoint to be InService (rolled back if the progress deadline passes)", at };
    default:
      return null;
  }
}

export function describeRollout(rollout: Rollout): RolloutView {
  const steps = rollout.policy?.steps ?? [];
  const champion = rollout.champion;
  return {
    endpoint: rollout.endpoint,
    tuningJob: rollout.tuningJob,
    status: rollout.status,
    paused: rollout.paused,
    step:
      rollout.stepIndex >= 0
        ? { index: rollout.stepIndex, of: steps.length, challengerWeight: steps[rollout.stepIndex] ?? 0 }
        : null,
    weights: champion
      ? {
          [champion.variantName]: 100 - rollout.challengerWeight,
          [rollout.challenger.variantName]: rollout.challengerWeight,
        }
      : {},
    challenger: rollout.challenger,
    champion: champion ?? null,
    nextAction: nextAction(rollout),
    pending: rollout.pending ?? null,
    reason: rollout.reason ?? null,
    requestedAt: rollout.requestedAt,
    startedAt: rollout.startedAt ?? null,
    endedAt: rollout.endedAt ?? null,
    history: rollout.history,
  };
}
