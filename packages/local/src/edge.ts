/**
 * The local AWS edge: one port (`http://127.0.0.1:4566` by default) that any AWS SDK v3
 * client can be pointed at. It dispatches by protocol: DynamoDB to dynalite, EventBridge
 * `PutEvents` to the local bus, SageMaker, Feature Store runtime, Application Auto Scaling
 * and S3 to the simulator; `/_local/*` controls the runtime (clock, Slack sink) and
 * `/_sim/*` the simulator.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import {
  type AwsRequest,
  type AwsResponse,
  AwsServiceError,
  jsonBody,
  jsonError,
  jsonReply,
  signingServiceOf,
} from "./aws-protocol.js";
import type { LocalClock } from "./clock.js";
import type { LocalEventBus, PutEventsEntry } from "./event-bus.js";
import { readBody, sendJson } from "./http-util.js";
import type { SlackSink } from "./slack-sink.js";

/** A service behind the edge (the simulator plugs in here). */
export interface EdgeService {
  readonly name: string;
  /** True when this request is for the service. */
  accepts(request: AwsRequest): boolean;
  handle(request: AwsRequest): Promise<AwsResponse>;
}

/** Control routes under a prefix (`/_sim`), answered with JSON. */
export type ControlHandler = (method: string, path: string, body: unknown, query: URLSearchParams) => Promise<unknown>;

export interface EdgeOptions {
  readonly dynamodb: () => RequestListener;
  readonly bus: LocalEventBus;
  readonly clock: LocalClock;
  readonly slack: SlackSink;
  readonly services?: readonly EdgeService[];
  readonly controls?: Record<string, ControlHandler>;
}

/** Thrown by control handlers for a 4xx answer. */
export class ControlError extends Error {
  override readonly name = "ControlError";
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const AdvanceSchema = z.object({
  seconds: z
    .number()
    .nonnegative()
    .max(10 * 365 * 24 * 3600),
});
const SlackFaultSchema = z.object({
  status: z.union([z.literal(429), z.number().int().min(500).max(599)]),
  forSeconds: z.number().positive(),
  retryAfterSeconds: z.number().int().positive().optional(),
});

export function startEdge(port: number, options: EdgeOptions): Promise<Server> {
  const server = createServer((req, res) => {
    handleEdgeRequest(req, res, options).catch((error: unknown) => {
      console.error("local edge: unexpected failure", error);
      if (!res.headersSent) sendJson(res, 500, { __type: "InternalFailure", message: "internal error" });
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function handleEdgeRequest(req: IncomingMessage, res: ServerResponse, options: EdgeOptions): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const target = req.headers["x-amz-target"];
  // DynamoDB streams straight into dynalite, which reads the body itself.
  if (typeof target === "string" && target.startsWith("DynamoDB_20120810.")) {
    options.dynamodb()(req, res);
    return;
  }
  const body = await readBody(req);
  if (url.pathname.startsWith("/_local/")) {
    return handleLocalControl(req.method ?? "GET", url.pathname, body, res, options);
  }
  const prefix = Object.keys(options.controls ?? {}).find(
    (p) => url.pathname === p || url.pathname.startsWith(`${p}/`),
  );
  if (prefix) {
    const handler = options.controls?.[prefix] as ControlHandler;
    try {
      const parsed = body.length === 0 ? undefined : JSON.parse(body.toString("utf8"));
      sendJson(
        res,
        200,
        await handler(req.method ?? "GET", url.pathname.slice(prefix.length) || "/", parsed, url.searchParams),
      );
    } catch (error) {
      if (error instanceof SyntaxError) sendJson(res, 400, { error: { code: "BadJson", message: error.message } });
      else if (error instanceof ControlError) {
        sendJson(res, error.status, { error: { code: "BadRequest", message: error.message, details: error.details } });
      } else throw error;
    }
    return;
  }
  const request: AwsRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    ...(typeof target === "string" ? { target } : {}),
    ...(signingServiceOf(req.headers) ? { signingService: signingServiceOf(req.headers) as string } : {}),
  };
  const response = await dispatchAws(request, options);
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body ?? "");
}

async function dispatchAws(request: AwsRequest, options: EdgeOptions): Promise<AwsResponse> {
  try {
    if (request.target?.startsWith("AWSEvents.")) return putEvents(request, options.bus);
    const service = options.services?.find((s) => s.accepts(request));
    if (service) return await service.handle(request);
    throw new AwsServiceError(
      "UnknownOperationException",
      `The local edge serves no operation for ${request.target ?? `${request.method} ${request.path}`}`,
    );
  } catch (error) {
    if (error instanceof AwsServiceError) return jsonError(error);
    throw error;
  }
}

function putEvents(request: AwsRequest, bus: LocalEventBus): AwsResponse {
  if (request.target !== "AWSEvents.PutEvents") {
    throw new AwsServiceError("UnknownOperationException", `Only PutEvents is served locally, not ${request.target}`);
  }
  const entries = jsonBody(request).Entries;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
    throw new AwsServiceError("ValidationException", "1 validation error detected: Entries must have 1 to 10 members");
  }
  return jsonReply(bus.putEvents(entries as PutEventsEntry[]));
}

async function handleLocalControl(
  method: string,
  path: string,
  body: Buffer,
  res: ServerResponse,
  options: EdgeOptions,
): Promise<void> {
  const parse = <S extends z.ZodType>(schema: S): z.output<S> | undefined => {
    let json: unknown;
    try {
      json = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
    } catch (error) {
      sendJson(res, 400, { error: { code: "BadJson", message: (error as Error).message } });
      return undefined;
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      sendJson(res, 400, { error: { code: "ValidationError", message: "Invalid body", details: result.error.issues } });
      return undefined;
    }
    return result.data;
  };
  if (method === "POST" && path.startsWith("/_local/slack/hooks/")) {
    const answer = options.slack.receive(path.slice("/_local/slack".length), body.toString("utf8"));
    res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
    res.end(answer.body);
    return;
  }
  const route = `${method} ${path}`;
  switch (route) {
    case "GET /_local/slack/messages":
      return sendJson(res, 200, options.slack.messages);
    case "GET /_local/slack/attempts":
      return sendJson(res, 200, options.slack.attempts);
    case "POST /_local/slack/faults": {
      const fault = parse(SlackFaultSchema);
      if (!fault) return;
      options.slack.setFault(fault);
      return sendJson(res, 200, { fault });
    }
    case "DELETE /_local/slack/faults":
      options.slack.clearFault();
      return sendJson(res, 200, { fault: null });
    case "GET /_local/clock":
      return sendJson(res, 200, {
        now: new Date(options.clock.now()).toISOString(),
        timeScale: options.clock.timeScale,
      });
    case "POST /_local/clock/advance": {
      const advance = parse(AdvanceSchema);
      if (!advance) return;
      await options.clock.advance(advance.seconds);
      await options.bus.idle();
      return sendJson(res, 200, { now: new Date(options.clock.now()).toISOString() });
    }
    case "GET /_local/deliveries":
      return sendJson(res, 200, options.bus.deliveries);
    case "GET /_local/dead-letters":
      return sendJson(res, 200, options.bus.deadLetters);
    case "POST /_local/settle":
      await options.bus.idle();
      return sendJson(res, 200, { settled: true });
    default:
      return sendJson(res, 404, { error: { code: "NotFound", message: `No local control route ${route}` } });
  }
}
