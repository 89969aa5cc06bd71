import { NotFoundError } from "@sagemaker-lifecycle/core/errors";
import { TuningJobNameSchema } from "@sagemaker-lifecycle/core/http/schemas";
import { defineApiHandler } from "../platform/api-handler.js";
import * as deps from "../platform/deps.js";
import { pathParameter } from "../platform/request.js";

/** `GET /tuning-jobs/{name}`: the decision taken for a tuning job. */
export const get = defineApiHandler(async (event) => {
  const name = pathParameter(event, "name", TuningJobNameSchema);
  const decision = await deps.winnerStore().getDecision(name);
  if (!decision) throw new NotFoundError(`No decision for tuning job ${name}: it has not finished, or it is unknown`);
  return { statusCode: 200, body: decision };
});
