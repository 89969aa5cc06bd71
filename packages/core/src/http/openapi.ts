/**
 * The OpenAPI 3.1 document of the REST API, generated from the route table and the zod
 * schemas of `contracts.ts` (the ones that validate requests), so it cannot drift from them.
 */
import { z } from "zod";
import type * as core from "zod/v4/core";
import { safeParse } from "zod/v4/core";
import { CONTRACTS, ErrorBodySchema } from "./contracts.js";
import { API_ROUTES, type RouteDefinition, routeKey } from "./routes.js";

type JsonSchema = Record<string, unknown>;

function schema(type: core.$ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

const ERROR_STATUSES: Record<string, string> = {
  "400": "The request is not valid: the details say what is wrong",
  "401": "Missing or wrong credentials",
  "404": "Not found",
  "409": "The state changed under the request",
  "413": "The body or record is too large",
  "503": "A downstream service is throttling; retry after Retry-After seconds",
  "500": "Internal error (nothing else is said)",
};

/**
 * Builds the document.
 *
 * @example
 * buildOpenApiDocument().paths["/health"].get.responses["200"];
 */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[] = API_ROUTES,
  serverUrl = "/",
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const contract = CONTRACTS[routeKey(route)];
    if (!contract) throw new Error(`No contract for ${routeKey(route)} in packages/core/src/http/contracts.ts`);
    const parameters: unknown[] = [];
    for (const [name, type] of Object.entries(contract.params?._zod.def.shape ?? {})) {
      parameters.push({ name, in: "path", required: true, schema: schema(type as core.$ZodType, "input") });
    }
    for (const [name, type] of Object.entries(contract.query?._zod.def.shape ?? {})) {
      const optional = safeParse(type as core.$ZodType, undefined).success;
      parameters.push({
        name,
        in: "query",
        required: !optional,
        schema: schema(type as core.$ZodType, "input"),
        ...(name === "feature" ? { style: "form", explode: true } : {}),
      });
    }
    const responses: Record<string, unknown> = {
      [String(contract.status ?? 200)]: {
        description: "Success",
        content: { "application/json": { schema: schema(contract.response, "output") } },
      },
    };
    for (const [status, description] of Object.entries(ERROR_STATUSES)) {
      if (status === "401" && route.auth === "none") continue;
      responses[status] = {
        description,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      summary: route.description,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(contract.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schema(contract.body, "input") } },
            },
          }
        : {}),
      responses,
      security: route.auth === "none" ? [] : [{ iam: [] }, { bearer: [] }],
    };
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "sagemaker-lifecycle",
      version: "0.1.0",
      description:
        "REST API of the SageMaker lifecycle backend: tuning-job decisions, rollouts, scaling plans, drift alerts, and the Feature Store online path.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: schema(ErrorBodySchema, "output") },
      securitySchemes: {
        iam: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "AWS SigV4 (API Gateway IAM authorization) on AWS",
        },
        bearer: { type: "http", scheme: "bearer", description: "LOCAL_API_TOKEN in local mode" },
      },
    },
  };
}
