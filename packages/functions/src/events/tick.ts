import { ScheduledEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { runTick } from "@sagemaker-lifecycle/core/lifecycle/tick";
import * as deps from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** The minute tick: rollouts, scaling drift checks and undelivered Slack messages that fall due. */
export const handler = defineEventHandler({
  consumer: "tick",
  schema: ScheduledEventSchema,
  idempotentByEventId: false,
  handle: (event, log) => {
    const now = new Date(event.time);
    return runTick({
      rollout: deps.rollout(now, log),
      scaling: deps.scalingDeps(now, log),
      delivery: deps.deliveryDeps(now, log),
      log,
    });
  },
});
