import { EndpointStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { defineEventHandler } from "../platform/event-handler.js";

export const handler = defineEventHandler({
  consumer: "endpointState",
  schema: EndpointStateEventSchema,
  handle: async (event) => ({ accepted: event.detail.EndpointName, status: event.detail.EndpointStatus }),
});
