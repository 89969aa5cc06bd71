import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BusEvent } from "@sagemaker-lifecycle/local/event-bus";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { type RolloutBody, rolloutOf } from "./lifecycle.js";
import { api } from "./local.js";
import { advance, loadScenario, simApplied, simState } from "./scenario.js";

const here = dirname(fileURLToPath(import.meta.url));
export const FULL_LIFECYCLE = JSON.parse(
  readFileSync(resolve(here, "../../examples/scenarios/full-lifecycle.json"), "utf8"),
);

export const SCALING_PLAN = {
  minCapacity: 1,
  maxCapacity: 8,
  targetTracking: { invocationsPerInstance: 70 },
  schedules: [
    {
      name: "business-hours",
      schedule: "cron(0 8 ? * MON-FRI *)",
      timezone: "Europe/Berlin",
      minCapacity: 4,
      maxCapacity: 8,
    },
    { name: "nights", schedule: "cron(0 20 ? * * *)", timezone: "Europe/Berlin", minCapacity: 1, maxCapacity: 2 },
  ],
};

export interface LifecycleHooks {
  /** Called before every 30 s step with the current rollout (if any). */
  readonly beforeStep?: (rollout: RolloutBody | undefined, elapsedSeconds: number) => Promise<void>;
}

export interface LifecycleSummary {
  readonly rollout: RolloutBody;
  readonly decision: unknown;
  readonly slack: unknown[];
  readonly alerts: Array<{ feature: string; deliveryState: string }>;
  readonly endpoint: unknown;
  readonly scheduledActions: unknown[];
  readonly applied: Record<string, number>;
}

/**
 * The whole lifecycle of examples/scenarios/full-lifecycle.json on churn-prod: tuning job →
 * winner → model → 20 → 50 → 100 % → champion, the scaling plan kept, and a Model Monitor
 * run with drift → one Slack alert. Steps 30 s at a time until all of it is done.
 */
export async function runFullLifecycle(runtime: LocalRuntime, hooks: LifecycleHooks = {}): Promise<LifecycleSummary> {
  await api(runtime, "PUT", "/endpoints/churn-prod/rollout-policy", { steps: [20, 50, 100], bakeSeconds: 600 });
  await loadScenario(runtime, FULL_LIFECYCLE);
  await api(runtime, "PUT", "/endpoints/churn-prod/scaling-plan", SCALING_PLAN);
  let rollout: RolloutBody | undefined;
  let alertsSent = false;
  for (let elapsed = 0; elapsed <= 4 * 3600; elapsed += 30) {
    rollout = await rolloutOf(runtime, "churn-prod").catch(() => undefined);
    const alerts = (await api(runtime, "GET", "/alerts?endpoint=churn-prod")).body as {
      alerts: Array<{ deliveryState: string }>;
    };
    alertsSent = alerts.alerts.length > 0 && alerts.alerts.every((a) => a.deliveryState === "sent");
    if (rollout?.status === "Completed" && alertsSent && elapsed >= 3900) break;
    await hooks.beforeStep?.(rollout, elapsed);
    await advance(runtime, 30);
  }
  // Let the tick deliver anything still in the outbox and re-check drift.
  await advance(runtime, 600);
  const state = await simState(runtime);
  const endpoint = (state.endpoints as Array<{ EndpointName: string }>).find((e) => e.EndpointName === "churn-prod");
  const autoScaling = state.autoScaling as {
    scheduledActions: Array<{ ResourceId: string; ScheduledActionName: string; Schedule: string }>;
  };
  return {
    rollout: await rolloutOf(runtime, "churn-prod"),
    decision: (await api(runtime, "GET", "/tuning-jobs/churn-hpo-2026-11-20")).body,
    slack: runtime.slack.messages.map((m) => m.body),
    alerts: (
      (await api(runtime, "GET", "/alerts?endpoint=churn-prod")).body as {
        alerts: Array<{ feature: string; deliveryState: string }>;
      }
    ).alerts,
    endpoint,
    scheduledActions: autoScaling.scheduledActions
      .filter((a) => a.ResourceId.startsWith("endpoint/churn-prod/"))
      .map((a) => [a.ResourceId, a.ScheduledActionName, a.Schedule])
      .sort(),
    applied: await simApplied(runtime),
  };
}

/**
 * Delivers every SageMaker and CloudWatch event three times: once as published, once more at
 * once with a new id (a redelivery), and once identical later, after newer events and in
 * shuffled order (a late duplicate). Call `flush` between steps.
 */
export function tripleDelivery(runtime: LocalRuntime, seed: number) {
  const late: BusEvent[] = [];
  const copies = new WeakSet<BusEvent>();
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const unsubscribe = runtime.bus.subscribe((event) => {
    if (copies.has(event) || !(event.source === "aws.sagemaker" || event.source === "aws.cloudwatch")) return;
    const copy = { ...event, id: `${event.id}-redelivered` };
    copies.add(copy);
    runtime.bus.publish(copy);
    late.push(event);
  });
  return {
    flush() {
      const batch = late.splice(0).sort(() => random() - 0.5);
      for (const event of batch) {
        const identical = { ...event };
        copies.add(identical);
        runtime.bus.publish(identical);
      }
    },
    stop: unsubscribe,
  };
}
