import { config } from "@sagemaker-lifecycle/core/config";
import { TuningJobStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { startRollout } from "@sagemaker-lifecycle/core/rollout/run-rollout";
import { handleTuningJobStateChange } from "@sagemaker-lifecycle/core/winner/handle-tuning-job";
import * as deps from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "SageMaker HyperParameter Tuning Job State Change" → winner selection. */
export const handler = defineEventHandler({
  consumer: "tuningJobState",
  schema: TuningJobStateEventSchema,
  handle: (event, log) =>
    handleTuningJobStateChange(event, {
      sagemaker: deps.sagemaker(),
      store: deps.winnerStore(),
      notifier: deps.notifier(new Date(event.time)),
      endpointTagKey: config().ENDPOINT_TAG_KEY,
      defaultExecutionRoleArn: config().MODEL_EXECUTION_ROLE_ARN,
      now: new Date(event.time),
      log,
      onRolloutRequested: async (endpoint) => {
        await startRollout(endpoint, deps.rollout(new Date(event.time), log));
      },
    }),
});
