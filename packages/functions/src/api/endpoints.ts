import { EndpointNameSchema, PromotionPolicySchema } from "@sagemaker-lifecycle/core/http/schemas";
import { DEFAULT_PROMOTION_POLICY } from "@sagemaker-lifecycle/core/winner/decision";
import { defineApiHandler } from "../platform/api-handler.js";
import * as deps from "../platform/deps.js";
import { jsonBody, pathParameter } from "../platform/request.js";

/** `GET /endpoints/{name}/models`: models shipped to the endpoint, newest first. */
export const listModels = defineApiHandler(async (event) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const [models, champion] = await Promise.all([
    deps.winnerStore().listShippedModels(endpoint),
    deps.winnerStore().getChampion(endpoint),
  ]);
  return { statusCode: 200, body: { endpoint, champion: champion ?? null, models } };
});

/** `GET /endpoints/{name}/promotion-policy`: the stored policy, or the defaults. */
export const getPromotionPolicy = defineApiHandler(async (event) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const stored = await deps.winnerStore().getPromotionPolicy(endpoint);
  return { statusCode: 200, body: { endpoint, policy: stored ?? DEFAULT_PROMOTION_POLICY, isDefault: !stored } };
});

/** `PUT /endpoints/{name}/promotion-policy`: validated, then stored whole. */
export const putPromotionPolicy = defineApiHandler(async (event) => {
  const endpoint = pathParameter(event, "name", EndpointNameSchema);
  const policy = jsonBody(event, PromotionPolicySchema);
  await deps.winnerStore().putPromotionPolicy(endpoint, policy);
  return { statusCode: 200, body: { endpoint, policy } };
});
