import { AlarmStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { onAlarmStateChange } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { deps } from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "CloudWatch Alarm State Change" → rollouts gated on that alarm roll back when it goes to ALARM. */
export const handler = defineEventHandler({
  consumer: "alarmState",
  schema: AlarmStateEventSchema,
  handle: (event, log) => onAlarmStateChange(event, deps.rollout(new Date(event.time), log)),
});
