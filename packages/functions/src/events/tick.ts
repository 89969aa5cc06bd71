import { ScheduledEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { defineEventHandler } from "../platform/event-handler.js";

export const handler = defineEventHandler({
  consumer: "tick",
  schema: ScheduledEventSchema,
  handle: async (event) => ({ accepted: event.time, status: "ticked" }),
});
