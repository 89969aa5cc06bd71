import { CONTRACTS } from "@sagemaker-lifecycle/core/http/contracts";
import { buildOpenApiDocument } from "@sagemaker-lifecycle/core/http/openapi";
import { API_ROUTES, routeKey } from "@sagemaker-lifecycle/core/http/routes";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, startTestRuntime } from "../support/local.js";

type Operation = { parameters?: Array<{ name: string; in: string }>; security: unknown[]; requestBody?: unknown };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document for a real validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(buildOpenApiDocument() as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("covers every route of the API, and nothing else, route by route", () => {
    const document = buildOpenApiDocument() as Document;
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(API_ROUTES.map(routeKey).sort());
    expect(Object.keys(CONTRACTS).sort()).toEqual(API_ROUTES.map(routeKey).sort());
    for (const route of API_ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Operation;
      const templateParams = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]).sort();
      const documentedParams = (operation.parameters ?? [])
        .filter((p) => p.in === "path")
        .map((p) => p.name)
        .sort();
      expect(documentedParams, routeKey(route)).toEqual(templateParams);
      expect(operation.security.length === 0, routeKey(route)).toBe(route.auth === "none");
      expect(operation.requestBody !== undefined, routeKey(route)).toBe(CONTRACTS[routeKey(route)]?.body !== undefined);
    }
  });

  it("is served at GET /openapi.json, behind authentication", async () => {
    const served = (await client(runtime).openapi()) as Document;
    expect(served.openapi).toBe("3.1.0");
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys((buildOpenApiDocument() as Document).paths).sort());
    expect((await fetch(`${runtime.apiUrl}/openapi.json`)).status).toBe(401);
  });
});
