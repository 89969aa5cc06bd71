import { deliverDueMessages } from "@sagemaker-lifecycle/core/alerts/delivery";
import { ScheduledEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { advanceDueRollouts } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { reapplyDriftedPlans } from "@sagemaker-lifecycle/core/scaling/apply";
import { deps } from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** The minute tick: advances work that falls due (rollouts, scaling drift checks, undelivered Slack messages). */
export const handler = defineEventHandler({
  consumer: "tick",
  schema: ScheduledEventSchema,
  idempotentByEventId: false,
  handle: async (event, log) => {
    const now = new Date(event.time);
    // Each kind of work runs even when another fails; the tick fails (and is retried) afterwards.
    const [rollouts, scaling, delivery] = await Promise.allSettled([
      advanceDueRollouts(deps.rollout(now, log)),
      reapplyDriftedPlans(deps.scalingDeps(now, log)),
      deliverDueMessages(deps.alertDeps(now, log)),
    ]);
    const failures = [rollouts, scaling, delivery].filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failures.length > 0) {
      for (const failure of failures) log.error("Tick work failed", { error: failure.reason as Error });
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
  },
});
