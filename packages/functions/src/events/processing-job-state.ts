import { handleMonitoringExecution } from "@sagemaker-lifecycle/core/alerts/handle-monitoring";
import { ProcessingJobStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import * as deps from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "SageMaker Processing Job State Change" → Model Monitor violations become alerts and Slack messages. */
export const handler = defineEventHandler({
  consumer: "processingJobState",
  schema: ProcessingJobStateEventSchema,
  handle: (event, log) => handleMonitoringExecution(event, deps.alertDeps(new Date(event.time), log)),
});
