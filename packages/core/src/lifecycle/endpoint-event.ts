/**
 * What an endpoint state change means for the lifecycle: the endpoint's active rollout
 * moves on, and once the endpoint is in service on a new config, its scaling plan follows
 * the live variants.
 */
import type { EndpointStateEvent } from "../events/schemas.js";
import type { RolloutDeps } from "../rollout/run-rollout.js";
import { onEndpointStateChange, type RolloutOutcome } from "../rollout/use-cases.js";
import { applyScalingPlan, type ScalingDeps } from "../scaling/apply.js";

/**
 * Handles "SageMaker Endpoint State Change".
 *
 * @example
 * await handleEndpointEvent(event, rolloutDeps, scalingDeps); // { endpoint, status: "Baking", scaling: "applied" }
 */
export async function handleEndpointEvent(
  event: EndpointStateEvent,
  rollout: RolloutDeps,
  scaling: ScalingDeps,
): Promise<RolloutOutcome & { scaling: string }> {
  const outcome = await onEndpointStateChange(event, rollout);
  if (event.detail.EndpointStatus !== "InService") return { ...outcome, scaling: "skipped" };
  const applied = await applyScalingPlan(event.detail.EndpointName, scaling, "endpoint in service", {
    whenConfigChanged: true,
  });
  return { ...outcome, scaling: applied.status };
}
