import { EndpointStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { handleEndpointEvent } from "@sagemaker-lifecycle/core/lifecycle/endpoint-event";
import * as deps from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "SageMaker Endpoint State Change" → the active rollout moves on; the scaling plan follows new variants. */
export const handler = defineEventHandler({
  consumer: "endpointState",
  schema: EndpointStateEventSchema,
  handle: (event, log) =>
    handleEndpointEvent(event, deps.rollout(new Date(event.time), log), deps.scalingDeps(new Date(event.time), log)),
});
