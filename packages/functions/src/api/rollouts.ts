import { NotFoundError } from "@sagemaker-lifecycle/core/errors";
import { EndpointNameSchema, RolloutActionSchema } from "@sagemaker-lifecycle/core/http/schemas";
import { DEFAULT_ROLLOUT_POLICY, RolloutPolicySchema } from "@sagemaker-lifecycle/core/rollout/policy";
import { operateRollout } from "@sagemaker-lifecycle/core/rollout/use-cases";
import { describeRollout } from "@sagemaker-lifecycle/core/rollout/view";
import { defineApiHandler } from "../platform/api-handler.js";
import * as deps from "../platform/deps.js";
import { jsonBody, pathParameter } from "../platform/request.js";

const now = (event: { requestContext: { timeEpoch: number } }) => new Date(event.requestContext.timeEpoch);

/** `GET /rollouts`: active rollouts and the 20 most recent finished ones. */
export const list = defineApiHandler(async () => {
  const store = deps.winnerStore().rollouts;
  const [active, recent] = await Promise.all([store.listActive(), store.listRecent(20)]);
  return {
    statusCode: 200,
    body: {
      active: active.map((s) => describeRollout(s.rollout)),
      recent: recent.map((r) => describeRollout(r)),
    },
  };
});

/** `GET /rollouts/{endpoint}`: the active rollout, or the latest finished one. */
export const get = defineApiHandler(async (event) => {
  const endpoint = pathParameter(event, "endpoint", EndpointNameSchema);
  const store = deps.winnerStore().rollouts;
  const active = await store.getActive(endpoint);
  const rollout = active?.rollout ?? (await store.listRecent(100)).find((r) => r.endpoint === endpoint);
  if (!rollout) throw new NotFoundError(`No rollout on endpoint ${endpoint}`);
  return { statusCode: 200, body: describeRollout(rollout) };
});

/** `POST /rollouts/{endpoint}/{action}`: pause, resume, promote (approve or skip the bake), abort. */
export const act = defineApiHandler(async (event, log) => {
  const endpoint = pathParameter(event, "endpoint", EndpointNameSchema);
  const action = pathParameter(event, "action", RolloutActionSchema);
  const rollout = await operateRollout(endpoint, action, deps.rollout(now(event), log));
  return { statusCode: 200, body: describeRollout(rollout) };
});

/** `GET /endpoints/{name}/rollout-policy`. */
export const getPolicy = defineApiHandler(async (event) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const stored = await deps.winnerStore().rollouts.getRolloutPolicy(endpoint);
  return { statusCode: 200, body: { endpoint, policy: stored ?? DEFAULT_ROLLOUT_POLICY, isDefault: !stored } };
});

/** `PUT /endpoints/{name}/rollout-policy`: validated (steps strictly increasing, ending at 100, each in 1..100). */
export const putPolicy = defineApiHandler(async (event) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const policy = jsonBody(event, RolloutPolicySchema);
  await deps.winnerStore().rollouts.putRolloutPolicy(endpoint, policy);
  return { statusCode: 200, body: { endpoint, policy } };
});
