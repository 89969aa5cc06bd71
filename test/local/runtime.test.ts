import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { RULE_RETRY_POLICY } from "@sagemaker-lifecycle/core/events/rules";
import { idempotentConsumer } from "@sagemaker-lifecycle/core/platform/idempotency";
import { lambdaContext } from "@sagemaker-lifecycle/local/lambda-invoker";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures.js";
import { clientConfig, startTestRuntime } from "../support/local.js";

let runtime: LocalRuntime;
let events: EventBridgeClient;

beforeAll(async () => {
  runtime = await startTestRuntime();
  events = new EventBridgeClient(clientConfig(runtime));
});

afterAll(async () => {
  events.destroy();
  await runtime.stop();
});

/** Puts a fixture event on the local bus with the real EventBridge client, as a service would. */
async function putFixture(path: string, overrides: Record<string, unknown> = {}) {
  const event = fixture<{
    source: string;
    "detail-type": string;
    detail: Record<string, unknown>;
    resources: string[];
  }>(path);
  const result = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: event.source,
          DetailType: event["detail-type"],
          Detail: JSON.stringify({ ...event.detail, ...overrides }),
          Resources: event.resources,
        },
      ],
    }),
  );
  await runtime.bus.idle();
  return result.Entries?.[0]?.EventId as string;
}

describe("REST API", () => {
  it("answers GET /health without a token", async () => {
    const response = await fetch(`${runtime.apiUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("refuses a request without a token with a 401 JSON error", async () => {
    const response = await fetch(`${runtime.apiUrl}/anything`);
    const body = (await response.json()) as { error: { code: string; message: string }; requestId: string };
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(body.error.code).toBe("Unauthorized");
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a wrong token", async () => {
    const response = await fetch(`${runtime.apiUrl}/anything`, { headers: { authorization: "Bearer nope" } });
    expect(response.status).toBe(401);
  });

  it("answers an unknown route with a 404 JSON error once authenticated", async () => {
    const response = await fetch(`${runtime.apiUrl}/anything`, {
      headers: { authorization: `Bearer ${runtime.apiToken}` },
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NotFound");
  });
});

describe("local event bus", () => {
  it("delivers a SageMaker event put with the real EventBridge client to the matching handler only", async () => {
    // Prepare
    const before = runtime.bus.deliveries.length;
    // Act
    const eventId = await putFixture("events/tuning-job-completed.json");
    // Assess
    const deliveries = runtime.bus.deliveries.slice(before).filter((d) => d.eventId === eventId);
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    expect(new Set(deliveries.map((d) => d.target))).toEqual(new Set(["tuningJobState"]));
    expect(deliveries[0]?.rule).toBe("TuningJobStateChange");
    // The handler ran: it asked the simulator for the fixture's tuning job, which this world does not have.
    expect(deliveries[0]?.error).toContain("Tuning job churn-hpo-2026-11-20 does not exist");
  });

  it("routes an endpoint event (UPPER_SNAKE status) to the endpoint handler, normalised", async () => {
    const eventId = await putFixture("events/endpoint-in-service.json");
    const delivery = runtime.bus.deliveries.find((d) => d.eventId === eventId);
    // No rollout is active on churn-prod here; "no-plan" (not "skipped") shows IN_SERVICE was read as InService.
    expect(delivery).toMatchObject({
      target: "endpointState",
      outcome: "succeeded",
      result: { endpoint: "churn-prod", status: "none", scaling: "no-plan" },
    });
  });

  it("delivers a non-matching event to no handler", async () => {
    const before = runtime.bus.deliveries.length;
    const eventId = await putFixture("events/training-job-completed.json");
    expect(eventId).toBeTruthy();
    expect(runtime.bus.deliveries.slice(before)).toEqual([]);
  });

  it("parks a malformed event in the dead-letter list after the retries", async () => {
    // Prepare: a tuning-job event whose status is not one SageMaker sends
    // Act
    const eventId = await putFixture("events/tuning-job-completed.json", { HyperParameterTuningJobStatus: "Exploded" });
    // Assess
    const attempts = runtime.bus.deliveries.filter((d) => d.eventId === eventId);
    // As the stacks' rule targets: the first try and RULE_RETRY_POLICY.retryAttempts retries, then the dead-letter queue
    expect(attempts.map((a) => a.outcome)).toEqual(Array(1 + RULE_RETRY_POLICY.retryAttempts).fill("failed"));
    expect(attempts[0]?.error).toContain("ValidationError");
    expect(runtime.bus.deadLetters.some((d) => d.event.id === eventId)).toBe(true);
  });

  it("answers PutEvents per entry, as EventBridge does", async () => {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: "aws.sagemaker", DetailType: "x", Detail: "{not json" },
          { Source: "custom.app", DetailType: "y", Detail: "{}" },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]).toMatchObject({ ErrorCode: "MalformedDetail" });
    expect(result.Entries?.[1]?.EventId).toBeTruthy();
  });

  it("runs the tick on the local clock", async () => {
    // Prepare
    const before = runtime.bus.deliveries.filter((d) => d.target === "tick").length;
    // Act
    await runtime.clock.advance(180);
    // Assess
    const ticks = runtime.bus.deliveries.filter((d) => d.target === "tick").length - before;
    expect(ticks).toBe(3);
  });
});

describe("idempotentConsumer on dynalite", () => {
  it("runs a redelivered event once per consumer and keeps the record in the state table", async () => {
    // Prepare
    const dynamo = new DynamoDBClient(clientConfig(runtime));
    let runs = 0;
    const consume = async (delivery: { eventId: string }) => {
      runs += 1;
      return { handled: delivery.eventId, run: runs };
    };
    const first = idempotentConsumer(consume, { tableName: runtime.tableName, client: dynamo, consumer: "a" });
    const context = lambdaContext("idempotency-test");
    // Act
    const once = await first({ consumer: "a", eventId: "evt-1", event: {} }, context);
    const again = await first({ consumer: "a", eventId: "evt-1", event: {} }, context);
    const otherConsumer = await first({ consumer: "b", eventId: "evt-1", event: {} }, context);
    const records = await dynamo.send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: "IDEMPOTENCY" } },
      }),
    );
    dynamo.destroy();
    // Assess
    expect(once).toEqual({ handled: "evt-1", run: 1 });
    expect(again).toEqual(once);
    expect(otherConsumer).toEqual({ handled: "evt-1", run: 2 });
    expect(runs).toBe(2);
    const completed = (records.Items ?? []).filter((item) => item.status?.S === "COMPLETED");
    expect(completed.length).toBeGreaterThanOrEqual(2);
  });
});
