import {
  batchRead,
  DefinitionCache,
  deleteRecord,
  describeGroup,
  readRecord,
  writeRecord,
} from "@sagemaker-lifecycle/core/features/service";
import {
  BatchGetBodySchema,
  DeleteRecordQuerySchema,
  FeatureGroupNameSchema,
  PutRecordBodySchema,
  RecordIdSchema,
} from "@sagemaker-lifecycle/core/http/schemas";
import { parseOrThrow } from "@sagemaker-lifecycle/core/validation";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { defineApiHandler } from "../platform/api-handler.js";
import * as deps from "../platform/deps.js";
import { jsonBody, pathParameter } from "../platform/request.js";

let definitions: DefinitionCache | undefined;
deps.onReset(() => {
  definitions = undefined;
});
const featureDeps = () => {
  definitions ??= new DefinitionCache(deps.featureStore());
  return { store: deps.featureStore(), definitions };
};

const group = (event: APIGatewayProxyEventV2) => pathParameter(event, "group", FeatureGroupNameSchema);
const recordId = (event: APIGatewayProxyEventV2) => pathParameter(event, "id", RecordIdSchema);
const now = (event: APIGatewayProxyEventV2) => new Date(event.requestContext.timeEpoch);

/** `GET /feature-groups/{group}`: the group's definitions. */
export const describe = defineApiHandler(async (event) => ({
  statusCode: 200,
  body: await describeGroup(group(event), featureDeps()),
}));

/** `GET /feature-groups/{group}/records/{id}?feature=a&feature=b`: typed values. */
export const get = defineApiHandler(async (event) => {
  // API Gateway joins repeated query parameters with commas in queryStringParameters; the raw string keeps them apart.
  const features = new URLSearchParams(event.rawQueryString ?? "").getAll("feature").filter((f) => f.length > 0);
  return { statusCode: 200, body: await readRecord(group(event), recordId(event), features, featureDeps()) };
});

/** `PUT /feature-groups/{group}/records/{id}`. */
export const put = defineApiHandler(async (event) => {
  const body = jsonBody(event, PutRecordBodySchema);
  return { statusCode: 200, body: await writeRecord(group(event), recordId(event), body, now(event), featureDeps()) };
});

/** `DELETE /feature-groups/{group}/records/{id}?eventTime=`. */
export const remove = defineApiHandler(async (event) => {
  const query = parseOrThrow(DeleteRecordQuerySchema, event.queryStringParameters ?? {}, "query string");
  return {
    statusCode: 200,
    body: await deleteRecord(group(event), recordId(event), query.eventTime, now(event), featureDeps()),
  };
});

/** `POST /feature-groups/batch-get`. */
export const batchGet = defineApiHandler(async (event) => {
  const body = jsonBody(event, BatchGetBodySchema);
  return { statusCode: 200, body: await batchRead(body.requests, featureDeps()) };
});
