import type { ApiRouteProps, StackContext } from "sst/constructs";
import { Api as SstApi, use } from "sst/constructs";
import { API_ROUTES, routeKey } from "../packages/core/src/http/routes.js";
import { createLambda } from "./lambda.js";
import { Secrets } from "./Secrets.js";
import { Storage } from "./Storage.js";

/**
 * The REST API (API Gateway HTTP API, payload 2.0) from the route table in
 * `packages/core/src/http/routes.ts`: IAM authorization on every route but the health check.
 */
export function Api({ stack }: StackContext) {
  const { table } = use(Storage);
  const secrets = use(Secrets);
  const deps = { table, ...secrets };
  const functionsByHandler = new Map<string, ReturnType<typeof createLambda>>();
  const routes: Record<string, ApiRouteProps<never>> = {};
  for (const route of API_ROUTES) {
    let fn = functionsByHandler.get(route.handler);
    if (!fn) {
      fn = createLambda(stack, `Api${functionsByHandler.size}${route.handler.replace(/\W/g, "")}`, route.handler, deps);
      functionsByHandler.set(route.handler, fn);
    }
    routes[routeKey(route)] = { function: fn, authorizer: route.auth };
  }
  const api = new SstApi(stack, "Api", { defaults: { authorizer: "iam" }, routes });
  stack.addOutputs({ ApiEndpoint: api.url });
  return { api };
}
