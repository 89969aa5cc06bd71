/**
 * The REST API on a local port, as API Gateway (HTTP API, payload 2.0) runs it: the
 * route table of packages/core/src/http/routes.ts picks the handler, the request becomes
 * a payload-2.0 event, and the handler's result becomes the response. Where AWS checks
 * IAM signatures, local mode checks a bearer token on every route but `/health`.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import {
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from "@sagemaker-lifecycle/core/errors";
import { toErrorResponse } from "@sagemaker-lifecycle/core/http/error-response";
import { API_ROUTES, matchRoute, type RouteDefinition, routeKey } from "@sagemaker-lifecycle/core/http/routes";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { LocalClock } from "./clock.js";
import { BodyTooLargeError, readBody } from "./http-util.js";
import { invoke } from "./lambda-invoker.js";

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ApiServerOptions {
  readonly token: string;
  readonly clock: LocalClock;
  readonly routes?: readonly RouteDefinition[];
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim();
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Builds the payload-2.0 event API Gateway would hand the function. */
export function toApiGatewayEvent(
  req: IncomingMessage,
  body: Buffer,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  requestId: string,
  now: number,
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = body.length === 0 || /json|text|xml|urlencoded/i.test(headers["content-type"] ?? "application/json");
  return {
    version: "2.0",
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: routeKey(route),
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: textual ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/** Starts the API server; resolves once it listens. */
export function startApiServer(port: number, options: ApiServerOptions): Promise<Server> {
  const routes = options.routes ?? API_ROUTES;
  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    const reply = (result: APIGatewayProxyStructuredResultV2) => {
      const headers = { ...(result.headers as Record<string, string>), "x-request-id": requestId };
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? ""));
    };
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const match = matchRoute(routes, req.method ?? "GET", url.pathname);
      const isPublic = match.kind === "found" && match.route.auth === "none";
      if (!isPublic && !tokenMatches(req.headers.authorization, options.token)) {
        throw new UnauthorizedError("Missing or wrong bearer token: send Authorization: Bearer <LOCAL_API_TOKEN>");
      }
      if (match.kind === "not-found") throw new NotFoundError(`No route for ${req.method} ${url.pathname}`);
      if (match.kind === "method-not-allowed") {
        throw new MethodNotAllowedError(`${req.method} is not allowed on ${url.pathname}`);
      }
      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new PayloadTooLargeError(error.message);
        throw new ValidationError("The request body could not be read", { cause: error });
      }
      const event = toApiGatewayEvent(req, body, match.route, match.pathParameters, requestId, options.clock.now());
      const result = (await invoke(match.route.handler, event)) as APIGatewayProxyStructuredResultV2;
      reply(result);
    } catch (error) {
      reply(toErrorResponse(error, requestId));
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
