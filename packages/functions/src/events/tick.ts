import { ScheduledEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { advanceDueRollouts } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { deps } from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** The minute tick: advances work that falls due (rollout starts, bake ends, retries, deadlines). */
export const handler = defineEventHandler({
  consumer: "tick",
  schema: ScheduledEventSchema,
  handle: async (event, log) => ({ rollouts: await advanceDueRollouts(deps.rollout(new Date(event.time), log)) }),
});
