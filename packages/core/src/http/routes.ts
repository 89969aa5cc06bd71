/**
 * The REST API's routes, defined once: the SST Api stack creates them on API Gateway and
 * the local API server routes with the same table. Paths use API Gateway's syntax
 * (`{name}` for a parameter, `{proxy+}` for a greedy one).
 */
export interface RouteDefinition {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  /** Handler module under packages/functions/src, `file.export`. */
  readonly handler: string;
  /** `iam` on AWS (a bearer token locally); `none` only for the health check. */
  readonly auth: "iam" | "none";
  readonly description: string;
}

export const API_ROUTES: readonly RouteDefinition[] = [
  { method: "GET", path: "/health", handler: "api/health.handler", auth: "none", description: "Liveness check" },
  {
    method: "GET",
    path: "/openapi.json",
    handler: "api/openapi.get",
    auth: "iam",
    description: "This API's OpenAPI 3.1 document",
  },
  {
    method: "GET",
    path: "/tuning-jobs/{name}",
    handler: "api/tuning-jobs.get",
    auth: "iam",
    description: "The decision taken for a finished tuning job",
  },
  {
    method: "GET",
    path: "/endpoints/{name}/models",
    handler: "api/endpoints.listModels",
    auth: "iam",
    description: "Models shipped to an endpoint, newest first, and its champion",
  },
  {
    method: "GET",
    path: "/endpoints/{name}/promotion-policy",
    handler: "api/endpoints.getPromotionPolicy",
    auth: "iam",
    description: "The endpoint's promotion policy (or the defaults)",
  },
  {
    method: "PUT",
    path: "/endpoints/{name}/promotion-policy",
    handler: "api/endpoints.putPromotionPolicy",
    auth: "iam",
    description: "Sets the endpoint's promotion policy",
  },
  {
    method: "GET",
    path: "/endpoints/{name}/rollout-policy",
    handler: "api/rollouts.getPolicy",
    auth: "iam",
    description: "The endpoint's rollout policy (or the defaults)",
  },
  {
    method: "PUT",
    path: "/endpoints/{name}/rollout-policy",
    handler: "api/rollouts.putPolicy",
    auth: "iam",
    description: "Sets the endpoint's rollout policy",
  },
  {
    method: "GET",
    path: "/endpoints/{name}/scaling-plan",
    handler: "api/scaling-plans.get",
    auth: "iam",
    description: "The scaling plan, what Application Auto Scaling has now, and the drift",
  },
  {
    method: "PUT",
    path: "/endpoints/{name}/scaling-plan",
    handler: "api/scaling-plans.put",
    auth: "iam",
    description: "Stores the endpoint's scaling plan and applies it to the live variants",
  },
  {
    method: "GET",
    path: "/rollouts",
    handler: "api/rollouts.list",
    auth: "iam",
    description: "Active and recent rollouts",
  },
  {
    method: "GET",
    path: "/rollouts/{endpoint}",
    handler: "api/rollouts.get",
    auth: "iam",
    description: "A rollout: state, step, weights, next action, history",
  },
  {
    method: "POST",
    path: "/rollouts/{endpoint}/{action}",
    handler: "api/rollouts.act",
    auth: "iam",
    description: "pause, resume, promote (approve or skip the bake) or abort a rollout",
  },
  {
    method: "GET",
    path: "/alerts",
    handler: "api/alerts.listAlerts",
    auth: "iam",
    description: "Alerts with their delivery state",
  },
  {
    method: "GET",
    path: "/alert-routes",
    handler: "api/alerts.listRoutes",
    auth: "iam",
    description: "Alert routes (webhooks by reference only)",
  },
  {
    method: "PUT",
    path: "/alert-routes/{name}",
    handler: "api/alerts.putRoute",
    auth: "iam",
    description: "Routes endpoints and check types to a Slack webhook",
  },
  {
    method: "DELETE",
    path: "/alert-routes/{name}",
    handler: "api/alerts.deleteRoute",
    auth: "iam",
    description: "Deletes an alert route",
  },
  { method: "GET", path: "/silences", handler: "api/alerts.listSilences", auth: "iam", description: "Silences" },
  {
    method: "POST",
    path: "/silences",
    handler: "api/alerts.createSilence",
    auth: "iam",
    description: "Silences alerts until a time",
  },
  {
    method: "DELETE",
    path: "/silences/{id}",
    handler: "api/alerts.deleteSilence",
    auth: "iam",
    description: "Ends a silence",
  },
  {
    method: "GET",
    path: "/feature-groups/{group}",
    handler: "api/features.describe",
    auth: "iam",
    description: "A feature group's definitions",
  },
  {
    method: "GET",
    path: "/feature-groups/{group}/records/{id}",
    handler: "api/features.get",
    auth: "iam",
    description: "One record, typed by the group's definitions",
  },
  {
    method: "PUT",
    path: "/feature-groups/{group}/records/{id}",
    handler: "api/features.put",
    auth: "iam",
    description: "Writes a record, validated against the group's definitions",
  },
  {
    method: "DELETE",
    path: "/feature-groups/{group}/records/{id}",
    handler: "api/features.remove",
    auth: "iam",
    description: "Deletes a record (event time now by default)",
  },
  {
    method: "POST",
    path: "/feature-groups/batch-get",
    handler: "api/features.batchGet",
    auth: "iam",
    description: "Many records across groups, in as few BatchGetRecord calls as AWS allows",
  },
];

/** `METHOD /path`, the route key API Gateway uses. */
export function routeKey(route: Pick<RouteDefinition, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}

/** The result of matching a request against the route table. */
export type RouteMatch =
  | { readonly kind: "found"; readonly route: RouteDefinition; readonly pathParameters: Record<string, string> }
  | { readonly kind: "method-not-allowed" }
  | { readonly kind: "not-found" };

function pathRegExp(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) return `(?<${greedy[1]}>.+)`;
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) return `(?<${param[1]}>[^/]+)`;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}$`);
}

const compiled = new Map<string, RegExp>();

/**
 * Finds the route for a method and raw path as API Gateway would: literal routes win
 * over parameterised ones, and path parameters come back URL-decoded.
 *
 * @example
 * matchRoute(API_ROUTES, "GET", "/health"); // { kind: "found", route, pathParameters: {} }
 */
export function matchRoute(routes: readonly RouteDefinition[], method: string, rawPath: string): RouteMatch {
  const ordered = [...routes].sort((a, b) => paramCount(a.path) - paramCount(b.path));
  let pathMatched = false;
  for (const route of ordered) {
    let regexp = compiled.get(route.path);
    if (!regexp) {
      regexp = pathRegExp(route.path);
      compiled.set(route.path, regexp);
    }
    const match = regexp.exec(rawPath);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const pathParameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      pathParameters[name] = safeDecode(value);
    }
    return { kind: "found", route, pathParameters };
  }
  return pathMatched ? { kind: "method-not-allowed" } : { kind: "not-found" };
}

function paramCount(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
