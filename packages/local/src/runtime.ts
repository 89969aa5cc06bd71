/**
 * Local mode: the whole backend on one machine with embedded defaults. dynalite as
 * DynamoDB, the SageMaker simulator and the local bus behind one AWS edge port, the REST
 * API on another, a Slack sink, and a controllable clock. Handlers run in this process
 * with the same code as on AWS; only their environment differs.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startApiServer } from "./api-server.js";
import { LocalClock } from "./clock.js";
import { startDynamo } from "./dynamodb.js";
import { type ControlHandler, type EdgeService, startEdge } from "./edge.js";
import { LocalEventBus } from "./event-bus.js";
import { SlackSink } from "./slack-sink.js";

/** What a plug-in is built from. */
export interface LocalRuntimeContext {
  readonly clock: LocalClock;
  readonly bus: LocalEventBus;
}

/** What a plug-in (the simulator) adds to the edge. */
export interface EdgePlugin {
  readonly services: readonly EdgeService[];
  readonly controls: Record<string, ControlHandler>;
  stop?(): void;
}

export interface LocalOptions {
  /** Edge port; 0 picks a free one. Default 4566. */
  readonly edgePort?: number;
  /** REST API port; 0 picks a free one. Default 3000. */
  readonly apiPort?: number;
  readonly apiToken?: string;
  readonly dataDir?: string;
  /** Virtual seconds per real second; 0 freezes the clock (tests advance it). Default 1. */
  readonly timeScale?: number;
  /** Virtual start time, epoch ms. */
  readonly startTime?: number;
  readonly tableName?: string;
  /** Builds the simulator (or any other AWS service stand-in) once the clock and bus exist. */
  readonly plugins?: ReadonlyArray<(context: LocalRuntimeContext) => EdgePlugin>;
  readonly log?: (line: string) => void;
}

export interface LocalRuntime {
  readonly edgeUrl: string;
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly tokenGenerated: boolean;
  readonly tableName: string;
  readonly clock: LocalClock;
  readonly bus: LocalEventBus;
  readonly slack: SlackSink;
  readonly defaultSlackWebhook: string;
  /** Stops dynalite and starts it again on the same data directory (what survives is what was persisted). */
  restartDynamo(downForMs?: number): Promise<void>;
  /** DynamoDB calls per operation that reached the edge (for cost figures). */
  readonly dynamoCalls: Record<string, number>;
  stop(): Promise<void>;
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts local mode; resolves once every part listens. */
export async function startLocal(options: LocalOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  const tableName = options.tableName ?? "sagemaker-lifecycle-local";
  const tokenGenerated = !options.apiToken;
  const apiToken = options.apiToken ?? randomBytes(18).toString("base64url");
  const clock = new LocalClock({
    timeScale: options.timeScale ?? 1,
    ...(options.startTime ? { start: options.startTime } : {}),
  });
  const bus = new LocalEventBus({ clock, log });
  clock.onSettle(() => bus.idle());
  const slack = new SlackSink(clock);
  let dynamo = await startDynamo({ tableName, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  let dynamoDown = false;
  const dynamoCalls: Record<string, number> = {};
  const plugins = (options.plugins ?? []).map((plugin) => plugin({ clock, bus }));
  const edge = await startEdge(options.edgePort ?? 4566, {
    dynamodb: () => (req, res) => {
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "Unknown";
      dynamoCalls[operation] = (dynamoCalls[operation] ?? 0) + 1;
      if (dynamoDown) {
        // As a DynamoDB that is not reachable: the SDK sees a 5xx and retries, then the handler fails and is retried.
        res.writeHead(503, { "content-type": "application/x-amz-json-1.0" });
        res.end(
          JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ServiceUnavailable", message: "restarting" }),
        );
        req.resume();
        return;
      }
      dynamo.proxy(req, res);
    },
    bus,
    clock,
    slack,
    services: plugins.flatMap((p) => p.services),
    controls: Object.assign({}, ...plugins.map((p) => p.controls)),
  });
  const edgeUrl = `http://127.0.0.1:${portOf(edge)}`;
  const defaultSlackWebhook = `${edgeUrl}/_local/slack/hooks/T0LOCAL/B0LOCAL/default`;

  // The handlers' configuration: the same variables a deployed function reads, pointed at the edge.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL: edgeUrl,
    SLACK_WEBHOOK_URL: defaultSlackWebhook,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // A new runtime is a cold start for every function: clients, configuration and caches are made anew.
  (await import("@sagemaker-lifecycle/functions/platform/deps")).resetDeps();

  const api = await startApiServer(options.apiPort ?? 3000, { token: apiToken, clock });
  bus.startTick();
  return {
    edgeUrl,
    apiUrl: `http://127.0.0.1:${portOf(api)}`,
    apiToken,
    tokenGenerated,
    tableName,
    clock,
    bus,
    slack,
    defaultSlackWebhook,
    dynamoCalls,
    async restartDynamo(downForMs = 0) {
      dynamoDown = true;
      await dynamo.stop();
      if (downForMs > 0) await new Promise((resolve) => setTimeout(resolve, downForMs));
      dynamo = await startDynamo({ tableName, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
      dynamoDown = false;
      log(`dynalite restarted${options.dataDir ? ` on ${options.dataDir}` : " (in memory: nothing kept)"}`);
    },
    async stop() {
      bus.stop();
      clock.stop();
      for (const plugin of plugins) plugin.stop?.();
      await bus.idle();
      await Promise.all([close(api), close(edge)]);
      await dynamo.stop();
    },
  };
}
