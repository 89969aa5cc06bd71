import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { FULL_LIFECYCLE, type LifecycleSummary, runFullLifecycle, tripleDelivery } from "../support/full-lifecycle.js";
import { startTestRuntime } from "../support/local.js";

let runtime: LocalRuntime | undefined;
let clean: LifecycleSummary | undefined;
const winner = "churn-hpo-2026-11-20-002-9f3e7d21";

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

/** What must not differ between two runs of the lifecycle. */
function outcome(summary: LifecycleSummary) {
  return {
    status: summary.rollout.status,
    weights: summary.rollout.weights,
    history: summary.rollout.history,
    decision: summary.decision,
    slack: summary.slack,
    alerts: summary.alerts.map((a) => [a.feature, a.deliveryState]),
    endpoint: summary.endpoint,
    scheduledActions: summary.scheduledActions,
  };
}

describe("reliability of the full lifecycle", () => {
  it("runs clean: tuning job → winner → 20 → 50 → 100 % → champion, plan kept, one drift alert", async () => {
    runtime = await startTestRuntime();
    clean = await runFullLifecycle(runtime);
    expect(clean.rollout.status).toBe("Completed");
    expect(clean.rollout.weights).toEqual({ champion: 0, [winner]: 100 });
    expect(clean.scheduledActions).toEqual([
      [`endpoint/churn-prod/variant/${winner}`, "lifecycle-business-hours", "cron(0 8 ? * MON-FRI *)"],
      [`endpoint/churn-prod/variant/${winner}`, "lifecycle-nights", "cron(0 20 ? * * *)"],
    ]);
    expect(clean.alerts).toEqual([expect.objectContaining({ feature: "ltv", deliveryState: "sent" })]);
    expect(clean.applied["SageMaker.UpdateEndpointWeightsAndCapacities"]).toBe(2);
    expect(clean.applied["SageMaker.CreateModel"]).toBe(1);
    expect(runtime.bus.deadLetters).toEqual([]);
  });

  it("ends in the same state, history and Slack messages when every event is delivered three times, shuffled", {
    timeout: 180_000,
  }, async () => {
    // Prepare
    expect(clean).toBeDefined();
    runtime = await startTestRuntime();
    const delivery = tripleDelivery(runtime, 20261120);
    // Act
    const replayed = await runFullLifecycle(runtime, { beforeStep: async () => delivery.flush() });
    delivery.flush();
    delivery.stop();
    // Assess
    expect(outcome(replayed)).toEqual(outcome(clean as LifecycleSummary));
    expect(replayed.applied["SageMaker.UpdateEndpointWeightsAndCapacities"]).toBe(2);
    expect(replayed.applied["SageMaker.CreateModel"]).toBe(1);
    expect(runtime.bus.deadLetters).toEqual([]);
  });

  it("completes, loses nothing and applies nothing twice under throttling, a busy endpoint, a DynamoDB restart and a Slack outage", {
    timeout: 300_000,
  }, async () => {
    // Prepare: state on disk so that dynalite can restart mid-rollout
    const dataDir = mkdtempSync(join(tmpdir(), "lifecycle-"));
    try {
      runtime = await startTestRuntime({ dataDir });
      const rt = runtime;
      await fetch(`${rt.edgeUrl}/_sim/faults`, {
        method: "POST",
        body: JSON.stringify({ throttle: { "*": 0.3 }, seed: 5 }),
      });
      // The endpoint is busy at every step: the first call after each IN_SERVICE is refused as while Updating.
      const busy = rt.bus.subscribe((event) => {
        if ((event.detail as { EndpointStatus?: string }).EndpointStatus !== "IN_SERVICE") return;
        void fetch(`${rt.edgeUrl}/_sim/faults`, {
          method: "POST",
          body: JSON.stringify({
            failOnce: {
              UpdateEndpointWeightsAndCapacities: "ValidationException",
              UpdateEndpoint: "ValidationException",
            },
          }),
        });
      });
      let restarted = false;
      let slackDown = false;
      // Act
      const summary = await runFullLifecycle(rt, {
        beforeStep: async (rollout, elapsed) => {
          if (!restarted && rollout?.status === "Baking" && rollout.step?.challengerWeight === 50) {
            restarted = true;
            await rt.restartDynamo(200);
          }
          if (!slackDown && elapsed >= FULL_LIFECYCLE.monitoringSchedules[0].executions[0].atSeconds - 120) {
            slackDown = true;
            rt.slack.setFault({ status: 503, forSeconds: 300 });
          }
        },
      });
      busy();
      // Assess
      expect(restarted).toBe(true);
      expect(summary.rollout.status).toBe("Completed");
      expect(summary.rollout.weights).toEqual({ champion: 0, [winner]: 100 });
      expect(summary.applied["SageMaker.UpdateEndpointWeightsAndCapacities"]).toBe(2);
      expect(summary.applied["SageMaker.CreateModel"]).toBe(1);
      expect(summary.applied["SageMaker.CreateEndpointConfig"]).toBe(2);
      expect(summary.scheduledActions).toEqual((clean as LifecycleSummary).scheduledActions);
      expect(summary.alerts).toEqual([expect.objectContaining({ feature: "ltv", deliveryState: "sent" })]);
      expect(rt.slack.attempts.some((a) => a.status === 503)).toBe(true);
      // Every message of the clean run arrived, each once. A drift report may come on top: throttling can leave
      // a scaling plan half applied until the next check repairs it, and that repair is reported.
      const texts = (messages: unknown[]) => messages.map((m) => (m as { text: string }).text).sort();
      const extra = texts(summary.slack).filter((t) => t.startsWith("Scaling drift on churn-prod"));
      expect(texts(summary.slack).filter((t) => !extra.includes(t))).toEqual(texts((clean as LifecycleSummary).slack));
      expect(rt.bus.deadLetters).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
