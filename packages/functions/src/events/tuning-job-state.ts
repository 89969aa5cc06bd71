import { TuningJobStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { defineEventHandler } from "../platform/event-handler.js";

export const handler = defineEventHandler({
  consumer: "tuningJobState",
  schema: TuningJobStateEventSchema,
  handle: async (event) => ({
    accepted: event.detail.HyperParameterTuningJobName,
    status: event.detail.HyperParameterTuningJobStatus,
  }),
});
