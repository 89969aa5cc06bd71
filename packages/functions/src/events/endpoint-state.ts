import { EndpointStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { onEndpointStateChange } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { deps } from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "SageMaker Endpoint State Change" → the endpoint's active rollout. */
export const handler = defineEventHandler({
  consumer: "endpointState",
  schema: EndpointStateEventSchema,
  handle: (event, log) => onEndpointStateChange(event, deps.rollout(new Date(event.time), log)),
});
