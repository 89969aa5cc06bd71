import { EndpointStateEventSchema } from "@sagemaker-lifecycle/core/events/schemas";
import { onEndpointStateChange } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { applyScalingPlan } from "@sagemaker-lifecycle/core/scaling/apply";
import { deps } from "../platform/deps.js";
import { defineEventHandler } from "../platform/event-handler.js";

/** "SageMaker Endpoint State Change" → the endpoint's active rollout; once InService, its scaling plan on the live variants. */
export const handler = defineEventHandler({
  consumer: "endpointState",
  schema: EndpointStateEventSchema,
  handle: async (event, log) => {
    const now = new Date(event.time);
    const rollout = await onEndpointStateChange(event, deps.rollout(now, log));
    const scaling =
      event.detail.EndpointStatus === "InService"
        ? await applyScalingPlan(event.detail.EndpointName, deps.scalingDeps(now, log), "endpoint in service", {
            whenConfigChanged: true,
          })
        : undefined;
    return { ...rollout, scaling: scaling?.status ?? "skipped" };
  },
});
