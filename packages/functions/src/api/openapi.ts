import { buildOpenApiDocument } from "@sagemaker-lifecycle/core/http/openapi";
import { defineApiHandler } from "../platform/api-handler.js";

let document: Record<string, unknown> | undefined;

/** `GET /openapi.json`: the API's OpenAPI 3.1 document, generated from the same schemas that validate requests. */
export const get = defineApiHandler(async (event) => {
  document ??= buildOpenApiDocument(undefined, `https://${event.requestContext.domainName}`);
  return { statusCode: 200, body: document };
});
