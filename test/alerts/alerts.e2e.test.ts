import type { BusEvent } from "@sagemaker-lifecycle/local/event-bus";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import type { ScenarioInput } from "@sagemaker-lifecycle/local/simulator/scenario";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures.js";
import { advanceUntil, seedLifecycle } from "../support/lifecycle.js";
import { api, startTestRuntime } from "../support/local.js";
import { advance, loadScenario } from "../support/scenario.js";

let runtime: LocalRuntime;
const processingEvents: BusEvent[] = [];

const FIXTURE_VIOLATIONS = fixture<{
  violations: Array<{ feature_name: string; constraint_check_type: string; description: string }>;
}>("monitor/constraint_violations.json").violations;

beforeAll(async () => {
  runtime = await startTestRuntime();
  runtime.bus.subscribe((e) => {
    if (e["detail-type"] === "SageMaker Processing Job State Change") processingEvents.push(e);
  });
  await loadScenario(runtime, {
    models: [{ name: "m1" }],
    endpoints: [{ name: "watched", variants: [{ name: "main", model: "m1" }] }],
  });
});

afterAll(async () => {
  await runtime.stop();
});

/** Messages the sink received for an endpoint, on any webhook or on one. */
function messagesAbout(endpoint: string, webhook?: string) {
  return runtime.slack.messages.filter(
    (m) => JSON.stringify(m.body).includes(` on ${endpoint}`) && (!webhook || m.webhook.endsWith(webhook)),
  );
}

type Executions = NonNullable<NonNullable<ScenarioInput["monitoringSchedules"]>[number]["executions"]>;

async function monitor(endpoint: string, executions: Executions) {
  await loadScenario(runtime, {
    monitoringSchedules: [{ name: `${endpoint}-dq-${processingEvents.length}`, endpoint, executions }],
  });
}

describe("drift alerts in local mode", () => {
  it("turns an execution with violations into exactly one Slack message with the right features", async () => {
    // Prepare
    await monitor("watched", [{ atSeconds: 60, status: "CompletedWithViolations", violations: FIXTURE_VIOLATIONS }]);
    // Act
    await advance(runtime, 60);
    // Assess
    const messages = messagesAbout("watched");
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]?.body);
    for (const v of FIXTURE_VIOLATIONS) {
      expect(text).toContain(v.feature_name);
      expect(text).toContain(v.constraint_check_type);
    }
    expect(text).toContain("constraint_violations.json");
    const alerts = (await api(runtime, "GET", "/alerts?endpoint=watched")).body as {
      alerts: Array<{ feature: string; severity: string; deliveryState: string }>;
    };
    expect(alerts.alerts).toHaveLength(4);
    expect(new Set(alerts.alerts.map((a) => a.deliveryState))).toEqual(new Set(["sent"]));
    expect(alerts.alerts.find((a) => a.feature === "payment_method")?.severity).toBe("critical");
  });

  it("sends nothing extra when the processing-job event is delivered three times", async () => {
    const before = runtime.slack.messages.length;
    const event = processingEvents.at(-1) as BusEvent;
    for (let i = 0; i < 3; i++) {
      runtime.bus.publish(event);
      runtime.bus.publish({ ...event, id: `${event.id}-${i}` });
    }
    await runtime.bus.idle();
    await advance(runtime, 120);
    expect(runtime.slack.messages.length).toBe(before);
    expect(runtime.bus.deadLetters).toEqual([]);
  });

  it("holds back the same violations within the repeat interval, then sends them as still failing", async () => {
    await monitor("watched", [
      { atSeconds: 3600, status: "CompletedWithViolations", violations: FIXTURE_VIOLATIONS },
      { atSeconds: 5 * 3600, status: "CompletedWithViolations", violations: FIXTURE_VIOLATIONS },
    ]);
    await advance(runtime, 3600);
    expect(messagesAbout("watched")).toHaveLength(1);
    const held = (await api(runtime, "GET", "/alerts?endpoint=watched&state=deduplicated")).body as {
      alerts: unknown[];
    };
    expect(held.alerts).toHaveLength(4);
    await advance(runtime, 4 * 3600);
    const messages = messagesAbout("watched");
    expect(messages).toHaveLength(2);
    expect(JSON.stringify(messages[1]?.body)).toContain("still failing");
  });

  it("stays under Slack's limits with 200 violating features", async () => {
    await loadScenario(runtime, {
      models: [{ name: "wide-v1" }],
      endpoints: [{ name: "wide", variants: [{ name: "main", model: "wide-v1" }] }],
    });
    const violations = Array.from({ length: 200 }, (_, i) => ({
      feature_name: `feature_${String(i).padStart(3, "0")}`,
      constraint_check_type: "baseline_drift_check",
      description: `Baseline drift distance: 0.${i} exceeds threshold: 0.1 — ${"context ".repeat(40)}`,
    }));
    await monitor("wide", [{ atSeconds: 60, status: "CompletedWithViolations", violations }]);
    await advance(runtime, 60);
    const messages = messagesAbout("wide");
    expect(messages).toHaveLength(1);
    const blocks =
      (messages[0]?.body as { blocks?: Array<{ type: string; text?: { text: string } }> } | undefined)?.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect((block.text?.text ?? "").length).toBeLessThanOrEqual(3000);
    // Every feature is either listed or counted in the summary.
    const listed = (JSON.stringify(blocks).match(/\*feature_\d{3}\*/g) ?? []).length;
    const summarised = Number(/and (\d+) more features/.exec(JSON.stringify(blocks))?.[1] ?? 0);
    expect(listed + summarised).toBe(200);
  });

  it("delivers every message exactly once when Slack answers 429 with Retry-After and then 500 for a while", async () => {
    // Prepare
    await loadScenario(runtime, {
      models: [{ name: "flaky-v1" }],
      endpoints: [{ name: "flaky", variants: [{ name: "main", model: "flaky-v1" }] }],
    });
    await monitor("flaky", [
      { atSeconds: 60, status: "CompletedWithViolations", violations: FIXTURE_VIOLATIONS.slice(0, 2) },
      { atSeconds: 120, status: "Failed", failureReason: "ClientError: no data captured" },
    ]);
    runtime.slack.setFault({ status: 429, forSeconds: 150, retryAfterSeconds: 45 });
    const attemptsBefore = runtime.slack.attempts.length;
    // Act: 429 for 150 s, then 500 for 5 minutes
    await advance(runtime, 150);
    runtime.slack.setFault({ status: 500, forSeconds: 300 });
    await advance(runtime, 300);
    expect(messagesAbout("flaky")).toHaveLength(0);
    await advance(runtime, 1800);
    // Assess
    const statuses = runtime.slack.attempts.slice(attemptsBefore).map((a) => a.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(500);
    const delivered = messagesAbout("flaky");
    expect(delivered).toHaveLength(2);
    expect(JSON.stringify(delivered)).toContain("monitoring_execution_failed");
    const queued = (await api(runtime, "GET", "/alerts?endpoint=flaky&state=queued")).body as { alerts: unknown[] };
    expect(queued.alerts).toEqual([]);
  });

  it("raises an alert about a malformed report instead of crashing", async () => {
    await loadScenario(runtime, {
      models: [{ name: "broken-v1" }],
      endpoints: [{ name: "broken", variants: [{ name: "main", model: "broken-v1" }] }],
    });
    await monitor("broken", [
      { atSeconds: 60, status: "CompletedWithViolations", rawReport: '{"violations": [{"feature_name": 7}]' },
    ]);
    await advance(runtime, 60);
    const alerts = (await api(runtime, "GET", "/alerts?endpoint=broken")).body as {
      alerts: Array<{ checkType: string; description: string }>;
    };
    expect(alerts.alerts).toHaveLength(1);
    expect(alerts.alerts[0]).toMatchObject({ checkType: "malformed_report" });
    expect(alerts.alerts[0]?.description).toContain("not JSON");
    expect(messagesAbout("broken")).toHaveLength(1);
    expect(runtime.bus.deadLetters).toEqual([]);
  });
});

describe("routes and silences", () => {
  it("sends to the routes that match, and never shows a webhook URL again", async () => {
    await loadScenario(runtime, {
      models: [{ name: "team-v1" }],
      endpoints: [{ name: "team-ep", variants: [{ name: "main", model: "team-v1" }] }],
    });
    const webhook = `${runtime.edgeUrl}/_local/slack/hooks/T0TEAM/B0TEAM/secret-token-123`;
    const put = await api(runtime, "PUT", "/alert-routes/team-a", {
      endpoints: ["team-ep"],
      checkTypes: ["data_type_check"],
      webhookUrl: webhook,
    });
    expect(put.status).toBe(200);
    expect(JSON.stringify(put.body)).not.toContain("secret-token-123");
    const list = await api(runtime, "GET", "/alert-routes");
    expect(JSON.stringify(list.body)).not.toContain("secret-token-123");
    expect((list.body as { routes: Array<{ name: string }> }).routes.map((r) => r.name)).toEqual(["default", "team-a"]);
    await monitor("team-ep", [{ atSeconds: 60, status: "CompletedWithViolations", violations: FIXTURE_VIOLATIONS }]);
    await advance(runtime, 60);
    const team = messagesAbout("team-ep", "/T0TEAM/B0TEAM/secret-token-123");
    expect(team).toHaveLength(1);
    expect(JSON.stringify(team[0]?.body)).toContain("tenure_months");
    expect(JSON.stringify(team[0]?.body)).not.toContain("monthly_charges");
    expect(messagesAbout("team-ep")).toHaveLength(2);
  });

  it("posts an alarm that a route names to that route's webhook, once", async () => {
    // Prepare
    const webhook = `${runtime.edgeUrl}/_local/slack/hooks/T0OPS/B0OPS/ops-token`;
    await api(runtime, "PUT", "/alert-routes/ops", {
      alarms: ["churn-prod-challenger-Invocation5XXErrors"],
      checkTypes: ["none"],
      webhookUrl: webhook,
    });
    const alarm = fixture<{
      source: string;
      "detail-type": string;
      detail: Record<string, unknown>;
      resources: string[];
    }>("events/cloudwatch-alarm-state-change.json");
    const event = {
      version: "0",
      id: "alarm-1",
      account: "0",
      region: "us-east-1",
      time: "2026-11-20T14:03:41Z",
      ...alarm,
    } as unknown as BusEvent;
    // Act: delivered twice, as EventBridge may
    runtime.bus.publish(event);
    runtime.bus.publish({ ...event, id: "alarm-1-again" });
    await runtime.bus.idle();
    // Assess
    const posted = runtime.slack.messages.filter((m) => m.webhook.endsWith("/T0OPS/B0OPS/ops-token"));
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]?.body)).toContain("churn-prod-challenger-Invocation5XXErrors is in ALARM");
  });

  it("records silenced alerts and does not send them", async () => {
    await loadScenario(runtime, {
      models: [{ name: "quiet-v1" }],
      endpoints: [{ name: "quiet", variants: [{ name: "main", model: "quiet-v1" }] }],
    });
    const created = await api(runtime, "POST", "/silences", {
      endpoint: "quiet",
      until: "2030-01-01T00:00:00Z",
      reason: "known drift, retraining",
    });
    expect(created.status).toBe(201);
    await monitor("quiet", [{ atSeconds: 60, status: "CompletedWithViolations", violations: FIXTURE_VIOLATIONS }]);
    await advance(runtime, 60);
    expect(messagesAbout("quiet")).toHaveLength(0);
    const alerts = (await api(runtime, "GET", "/alerts?endpoint=quiet&state=silenced")).body as { alerts: unknown[] };
    expect(alerts.alerts).toHaveLength(4);
    const id = (created.body as { id: string }).id;
    expect((await api(runtime, "GET", "/silences")).body).toMatchObject({ silences: [{ id, active: true }] });
    expect((await api(runtime, "DELETE", `/silences/${id}`)).status).toBe(200);
    expect((await api(runtime, "DELETE", `/silences/${id}`)).status).toBe(404);
  });

  it("rejects bad routes, silences and queries with 400s", async () => {
    expect((await api(runtime, "PUT", "/alert-routes/x", { webhookUrl: "not a url" })).status).toBe(400);
    expect(
      (await api(runtime, "PUT", "/alert-routes/default", { webhookUrl: "https://hooks.slack.com/x" })).status,
    ).toBe(400);
    expect(
      (await api(runtime, "POST", "/silences", { until: "2030-01-01T00:00:00Z", reason: "everything" })).status,
    ).toBe(400);
    expect((await api(runtime, "GET", "/alerts?state=lost")).status).toBe(400);
  });
});

describe("critical alerts and rollouts", () => {
  it("rolls back the endpoint's active rollout on a critical alert", async () => {
    await api(runtime, "PUT", "/endpoints/drifty/rollout-policy", { steps: [20, 50, 100], bakeSeconds: 3600 });
    await seedLifecycle(runtime, "drifty");
    await advance(runtime, 600);
    await advanceUntil(runtime, "drifty", "Baking");
    await monitor("drifty", [
      {
        atSeconds: 60,
        status: "CompletedWithViolations",
        violations: [
          { feature_name: "ltv", constraint_check_type: "missing_column_check", description: "column missing" },
        ],
      },
    ]);
    await advance(runtime, 60);
    const rollout = await advanceUntil(runtime, "drifty", "RolledBack");
    expect(rollout.reason).toContain("critical drift alert");
  });
});
