import { ProcessingJobStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { defineEventHandler } from "../platform/event-handler.js";

export const handler = defineEventHandler({
  consumer: "processingJobState",
  schema: ProcessingJobStateEventSchema,
  handle: async (event) => ({ accepted: event.detail.ProcessingJobName, status: event.detail.ProcessingJobStatus }),
});
