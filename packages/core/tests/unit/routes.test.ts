import { describe, expect, it } from "vitest";
import { matchRoute, type RouteDefinition } from "../../src/http/routes.js";

const routes: RouteDefinition[] = [
  { method: "GET", path: "/health", handler: "api/health.handler", auth: "none", description: "" },
  { method: "GET", path: "/tuning-jobs/{name}", handler: "api/tuning-jobs.get", auth: "iam", description: "" },
  { method: "POST", path: "/rollouts/{endpoint}/abort", handler: "api/rollouts.abort", auth: "iam", description: "" },
  { method: "POST", path: "/rollouts/{endpoint}/{action}", handler: "api/rollouts.act", auth: "iam", description: "" },
];

describe("matchRoute", () => {
  it("finds a literal route", () => {
    const match = matchRoute(routes, "GET", "/health");
    expect(match).toMatchObject({ kind: "found", route: { path: "/health" }, pathParameters: {} });
  });

  it("decodes path parameters", () => {
    const match = matchRoute(routes, "GET", "/tuning-jobs/churn%20hpo");
    expect(match).toMatchObject({ kind: "found", pathParameters: { name: "churn hpo" } });
  });

  it("prefers the route with fewer parameters, as API Gateway does", () => {
    const match = matchRoute(routes, "POST", "/rollouts/churn-prod/abort");
    expect(match).toMatchObject({ kind: "found", route: { handler: "api/rollouts.abort" } });
  });

  it("tells a wrong method from an unknown path", () => {
    expect(matchRoute(routes, "DELETE", "/health").kind).toBe("method-not-allowed");
    expect(matchRoute(routes, "GET", "/nothing/here").kind).toBe("not-found");
  });

  it("does not let a parameter span segments", () => {
    expect(matchRoute(routes, "GET", "/tuning-jobs/a/b").kind).toBe("not-found");
  });
});
