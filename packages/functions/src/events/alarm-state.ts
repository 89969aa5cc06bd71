import { notifyAlarmRoutes } from "@sagemaker-lifecycle/core/alerts/alarm-routes";
import { AlarmStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { onAlarmStateChange } from "@sagemaker-lifecycle/core/rollout/use-cases";
import * as deps from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "CloudWatch Alarm State Change" → rollouts gated on the alarm roll back; routes that name it are told. */
export const handler = defineEventHandler({
  consumer: "alarmState",
  schema: AlarmStateEventSchema,
  handle: async (event, log) => {
    const now = new Date(event.time);
    const rollouts = await onAlarmStateChange(event, deps.rollout(now, log));
    const routes = await notifyAlarmRoutes(event, deps.deliveryDeps(now, log));
    return { ...rollouts, routes };
  },
});
