/**
 * The minute tick: every kind of work that falls due. Each kind runs even when another
 * fails; the tick then fails as a whole, so that it is retried, and nothing it did is
 * undone (all of it is idempotent).
 */

import { type DeliveryDeps, deliverDueMessages } from "../alerts/delivery.js";
import type { Log } from "../platform/logger.js";
import type { RolloutDeps } from "../rollout/run-rollout.js";
import { advanceDueRollouts } from "../rollout/use-cases.js";
import { reapplyDriftedPlans, type ScalingDeps } from "../scaling/apply.js";

export interface TickDeps {
  readonly rollout: RolloutDeps;
  readonly scaling: ScalingDeps;
  readonly delivery: DeliveryDeps;
  readonly log: Pick<Log, "error">;
}

/**
 * Advances due rollouts, checks scaling plans for drift, and delivers due Slack messages.
 *
 * @example
 * await runTick({ rollout, scaling, delivery, log }); // { rollouts: [...], scaling: [...], delivery: { sent: 1, … } }
 */
export async function runTick(deps: TickDeps) {
  const [rollouts, scaling, delivery] = await Promise.allSettled([
    advanceDueRollouts(deps.rollout),
    reapplyDriftedPlans(deps.scaling),
    deliverDueMessages(deps.delivery),
  ]);
  const failures = [rollouts, scaling, delivery].filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length > 0) {
    for (const failure of failures) deps.log.error("Tick work failed", { error: failure.reason as Error });
    throw new AggregateError(
      failures.map((f) => f.reason),
      `${failures.length} kind(s) of tick work failed`,
    );
  }
  return {
    rollouts: rollouts.status === "fulfilled" ? rollouts.value : [],
    scaling: scaling.status === "fulfilled" ? scaling.value.filter((s) => s.status === "applied") : [],
    delivery: delivery.status === "fulfilled" ? delivery.value : {},
  };
}
