import { NotFoundError } from "@sagemaker-lifecycle/core/errors";
import { EndpointNameSchema } from "@sagemaker-lifecycle/core/http/schemas";
import { applyScalingPlan, scalingStatus } from "@sagemaker-lifecycle/core/scaling/apply";
import { ScalingPlanSchema } from "@sagemaker-lifecycle/core/scaling/plan";
import { defineApiHandler } from "../platform/api-handler.js";
import * as deps from "../platform/deps.js";
import { jsonBody, pathParameter } from "../platform/request.js";

/** `PUT /endpoints/{name}/scaling-plan`: validated, stored, and applied at once when the endpoint is in service. */
export const put = defineApiHandler(async (event, log) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const plan = jsonBody(event, ScalingPlanSchema);
  const now = new Date(event.requestContext.timeEpoch);
  const scalingDeps = deps.scalingDeps(now, log);
  await scalingDeps.store.putPlan(endpoint, plan, now);
  const applied = await applyScalingPlan(endpoint, scalingDeps, "plan stored");
  return { statusCode: 200, body: { endpoint, plan, applied } };
});

/** `GET /endpoints/{name}/scaling-plan`: the plan, what Application Auto Scaling has, and the drift. */
export const get = defineApiHandler(async (event, log) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const status = await scalingStatus(endpoint, deps.scalingDeps(new Date(event.requestContext.timeEpoch), log));
  if (status.status === "no-plan") throw new NotFoundError(`No scaling plan for endpoint ${endpoint}`);
  return { statusCode: 200, body: status };
});
