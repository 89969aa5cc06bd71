import { ValidationError } from "@sagemaker-lifecycle/core/errors";
import { parseOrThrow } from "@sagemaker-lifecycle/core/validation";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type * as core from "zod/v4/core";

/** Parses the JSON body of a request with a schema; bad JSON and bad shapes are 400s that say what is wrong. */
export function jsonBody<S extends core.$ZodType>(event: APIGatewayProxyEventV2, schema: S): core.output<S> {
  let json: unknown;
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`The request body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseOrThrow(schema, json, "request body");
}

/** A path parameter validated with a schema (400 when it does not fit). */
export function pathParameter<S extends core.$ZodType>(
  event: APIGatewayProxyEventV2,
  name: string,
  schema: S,
): core.output<S> {
  return parseOrThrow(schema, event.pathParameters?.[name], `path parameter "${name}"`);
}
