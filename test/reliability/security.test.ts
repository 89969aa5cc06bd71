import { API_ROUTES } from "@sagemaker-lifecycle/core/http/routes";
import { rootLogger } from "@sagemaker-lifecycle/core/platform/logger";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures.js";
import { api, startTestRuntime } from "../support/local.js";
import { advance, loadScenario } from "../support/scenario.js";

let runtime: LocalRuntime;
const captured: string[] = [];
const SECRET = "T0SECRET/B0SECRET/xoxb-very-secret-token";
let restore: () => void;

beforeAll(async () => {
  // Everything the functions log, at the most talkative level, is kept to be searched.
  rootLogger().setLogLevel("DEBUG");
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return write(chunk as string, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return writeErr(chunk as string, ...(rest as []));
  }) as typeof process.stderr.write;
  restore = () => {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  };
  runtime = await startTestRuntime();
});

afterAll(async () => {
  restore();
  await runtime.stop();
});

describe("authentication", () => {
  it.each(API_ROUTES.filter((r) => r.auth !== "none"))(
    "$method $path refuses a missing or wrong token with a 401 JSON error",
    async (route) => {
      const path = route.path.replace(/\{[^}]+\}/g, "x");
      const attempts: Array<Record<string, string>> = [
        {},
        { authorization: "Bearer wrong-token-0000000000" },
        { authorization: runtime.apiToken },
      ];
      for (const headers of attempts) {
        const response = await fetch(`${runtime.apiUrl}${path}`, { method: route.method, headers });
        const body = (await response.json()) as { error: { code: string } };
        expect(response.status).toBe(401);
        expect(body.error.code).toBe("Unauthorized");
      }
    },
  );

  it("leaves only /health open", () => {
    expect(API_ROUTES.filter((r) => r.auth === "none").map((r) => r.path)).toEqual(["/health"]);
  });
});

describe("secrets", () => {
  it("never shows a webhook URL or the API token in responses or logs, even when delivery fails", async () => {
    // Prepare: a route with a secret webhook, a monitoring run that alerts through it, and Slack failing for a while
    const webhookUrl = `${runtime.edgeUrl}/_local/slack/hooks/${SECRET}`;
    const put = await api(runtime, "PUT", "/alert-routes/secret-team", { webhookUrl });
    await loadScenario(runtime, {
      models: [{ name: "s-v1" }],
      endpoints: [{ name: "secretive", variants: [{ name: "main", model: "s-v1" }] }],
      monitoringSchedules: [
        {
          name: "secretive-dq",
          endpoint: "secretive",
          executions: [
            {
              atSeconds: 60,
              status: "CompletedWithViolations",
              violations: fixture<{ violations: never[] }>("monitor/constraint_violations.json").violations,
            },
          ],
        },
      ],
    });
    runtime.slack.setFault({ status: 500, forSeconds: 120 });
    // Act
    await advance(runtime, 60);
    await advance(runtime, 600);
    const routes = await api(runtime, "GET", "/alert-routes");
    const alerts = await api(runtime, "GET", "/alerts?endpoint=secretive");
    // Assess: it worked (so the secret was used) …
    expect(runtime.slack.messages.some((m) => m.webhook.includes(SECRET))).toBe(true);
    expect(runtime.slack.attempts.some((a) => a.status === 500)).toBe(true);
    // … and the secret never came back or went to a log
    for (const response of [put, routes, alerts])
      expect(JSON.stringify(response.body)).not.toContain("xoxb-very-secret-token");
    const logs = captured.join("");
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).toContain('"message":"Handled event"');
    expect(logs).not.toContain("xoxb-very-secret-token");
    expect(logs).not.toContain(runtime.apiToken);
    expect(logs).not.toContain("/_local/slack/hooks/T0LOCAL");
  });
});
