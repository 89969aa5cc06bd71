import { ScheduledEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { advanceDueRollouts } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { reapplyDriftedPlans } from "@sagemaker-lifecycle/core/scaling/apply";
import { deps } from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** The minute tick: advances work that falls due (rollout starts, bake ends, retries, deadlines, scaling drift checks). */
export const handler = defineEventHandler({
  consumer: "tick",
  schema: ScheduledEventSchema,
  handle: async (event, log) => {
    const now = new Date(event.time);
    const rollouts = await advanceDueRollouts(deps.rollout(now, log));
    const scaling = await reapplyDriftedPlans(deps.scalingDeps(now, log));
    return { rollouts, scaling: scaling.filter((s) => s.status === "applied") };
  },
});
