import { AlarmStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { defineEventHandler } from "../platform/event-handler.js";

export const handler = defineEventHandler({
  consumer: "alarmState",
  schema: AlarmStateEventSchema,
  handle: async (event) => ({ accepted: event.detail.alarmName, status: event.detail.state.value }),
});
