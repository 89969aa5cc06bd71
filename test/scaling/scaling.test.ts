import {
  ApplicationAutoScalingClient,
  DeleteScheduledActionCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
} from "@aws-sdk/client-application-auto-scaling";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCALING_PLAN } from "../support/full-lifecycle.js";
import { advanceUntil, seedLifecycle } from "../support/lifecycle.js";
import { api, clientConfig, startTestRuntime } from "../support/local.js";
import { advance, loadScenario, simApplied } from "../support/scenario.js";

let runtime: LocalRuntime;
let autoScaling: ApplicationAutoScalingClient;

const PLAN = SCALING_PLAN;

beforeAll(async () => {
  runtime = await startTestRuntime();
  autoScaling = new ApplicationAutoScalingClient(clientConfig(runtime));
  await loadScenario(runtime, {
    models: [{ name: "scaled-v1" }],
    endpoints: [{ name: "scaled", variants: [{ name: "main", model: "scaled-v1", instanceCount: 2 }] }],
  });
});

afterAll(async () => {
  autoScaling.destroy();
  await runtime.stop();
});

/** What Application Auto Scaling holds for a variant, read with the real client. */
async function scalingOf(endpoint: string, variant: string) {
  const ResourceId = `endpoint/${endpoint}/variant/${variant}`;
  const [targets, policies, actions] = await Promise.all([
    autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker", ResourceIds: [ResourceId] })),
    autoScaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId })),
    autoScaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: "sagemaker", ResourceId })),
  ]);
  return {
    target: targets.ScalableTargets?.map((t) => [t.MinCapacity, t.MaxCapacity])[0],
    policies:
      policies.ScalingPolicies?.map((p) => [p.PolicyName, p.TargetTrackingScalingPolicyConfiguration?.TargetValue]) ??
      [],
    schedules:
      actions.ScheduledActions?.map((a) => [
        a.ScheduledActionName,
        a.Schedule,
        a.Timezone,
        a.ScalableTargetAction?.MinCapacity,
        a.ScalableTargetAction?.MaxCapacity,
      ]).sort() ?? [],
  };
}

const mutations = (applied: Record<string, number>) =>
  Object.entries(applied)
    .filter(([op]) => op.startsWith("AutoScaling.") && !op.startsWith("AutoScaling.Describe"))
    .reduce((sum, [, n]) => sum + n, 0);

describe("scaling plans through Application Auto Scaling", () => {
  it("applies a plan: target, target tracking on invocations per instance, and the schedules", async () => {
    // Act
    const response = await api(runtime, "PUT", "/endpoints/scaled/scaling-plan", PLAN);
    // Assess
    expect(response.status).toBe(200);
    expect((response.body as { applied: { status: string; calls: string[] } }).applied).toMatchObject({
      status: "applied",
    });
    expect(await scalingOf("scaled", "main")).toEqual({
      target: [1, 8],
      policies: [["lifecycle-invocations-per-instance", 70]],
      schedules: [
        ["lifecycle-business-hours", "cron(0 8 ? * MON-FRI *)", "Europe/Berlin", 4, 8],
        ["lifecycle-nights", "cron(0 20 ? * * *)", "Europe/Berlin", 1, 2],
      ],
    });
  });

  it("changes nothing when the same plan is applied again: only Describe* calls", async () => {
    const before = mutations(await simApplied(runtime));
    const response = await api(runtime, "PUT", "/endpoints/scaled/scaling-plan", PLAN);
    expect((response.body as { applied: { status: string; calls: string[] } }).applied).toEqual({
      endpoint: "scaled",
      status: "unchanged",
      calls: [],
    });
    expect(mutations(await simApplied(runtime))).toBe(before);
  });

  it("deletes what an edited plan no longer has", async () => {
    const edited = { ...PLAN, minCapacity: 2, schedules: [PLAN.schedules[0]] };
    const response = await api(runtime, "PUT", "/endpoints/scaled/scaling-plan", edited);
    expect((response.body as { applied: { calls: string[] } }).applied.calls).toEqual([
      "RegisterScalableTarget(endpoint/scaled/variant/main, min 2, max 8)",
      "DeleteScheduledAction(endpoint/scaled/variant/main, lifecycle-nights)",
    ]);
    expect((await scalingOf("scaled", "main")).schedules).toEqual([
      ["lifecycle-business-hours", "cron(0 8 ? * MON-FRI *)", "Europe/Berlin", 4, 8],
    ]);
    await api(runtime, "PUT", "/endpoints/scaled/scaling-plan", PLAN);
  });

  it("shows drift on GET and re-applies it on the tick, with a Slack report", async () => {
    // Prepare: someone deletes a scheduled action by hand
    await autoScaling.send(
      new DeleteScheduledActionCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: "endpoint/scaled/variant/main",
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        ScheduledActionName: "lifecycle-nights",
      }),
    );
    const slackBefore = runtime.slack.messages.length;
    // Act
    const status = await api(runtime, "GET", "/endpoints/scaled/scaling-plan");
    await advance(runtime, 360);
    // Assess
    expect(status.body).toMatchObject({
      status: "drifted",
      drift: ["PutScheduledAction(endpoint/scaled/variant/main, lifecycle-nights, cron(0 20 ? * * *))"],
    });
    expect((await scalingOf("scaled", "main")).schedules).toHaveLength(2);
    expect((await api(runtime, "GET", "/endpoints/scaled/scaling-plan")).body).toMatchObject({
      status: "in-sync",
      drift: [],
    });
    const reports = runtime.slack.messages
      .slice(slackBefore)
      .filter((m) => JSON.stringify(m.body).includes("Scaling drift on scaled"));
    expect(reports).toHaveLength(1);
  });

  it("keeps the plan across a full promotion that removes a variant: the new live variant ends with the schedules", async () => {
    // Prepare
    await api(runtime, "PUT", "/endpoints/promoted/rollout-policy", { steps: [50, 100], bakeSeconds: 300 });
    const { champion, winner } = await seedLifecycle(runtime, "promoted");
    const put = await api(runtime, "PUT", "/endpoints/promoted/scaling-plan", PLAN);
    expect((put.body as { applied: { status: string } }).applied.status).toBe("applied");
    // Act: the canary is live
    await advance(runtime, 600);
    await advanceUntil(runtime, "promoted", "Baking");
    // Assess: during the canary, the challenger has the plan's minimum, fixed; the champion keeps the plan
    expect(await scalingOf("promoted", winner)).toEqual({ target: [1, 1], policies: [], schedules: [] });
    expect((await scalingOf("promoted", champion)).schedules).toHaveLength(2);
    // Act: to the end
    await advanceUntil(runtime, "promoted", "Completed");
    await advance(runtime, 60);
    // Assess: the old variant was deregistered before its removal; the new one has the whole plan
    expect(await scalingOf("promoted", champion)).toEqual({ target: undefined, policies: [], schedules: [] });
    expect(await scalingOf("promoted", winner)).toEqual({
      target: [1, 8],
      policies: [["lifecycle-invocations-per-instance", 70]],
      schedules: [
        ["lifecycle-business-hours", "cron(0 8 ? * MON-FRI *)", "Europe/Berlin", 4, 8],
        ["lifecycle-nights", "cron(0 20 ? * * *)", "Europe/Berlin", 1, 2],
      ],
    });
    const rollout = (await api(runtime, "GET", "/rollouts/promoted")).body as { history: Array<{ calls: string[] }> };
    expect(rollout.history.flatMap((h) => h.calls)).toContain(`DeregisterScalableTarget(${champion})`);
  });

  it("answers 400 with every problem for a bad plan, and 404 for an endpoint without one", async () => {
    const bad = await api(runtime, "PUT", "/endpoints/scaled/scaling-plan", {
      minCapacity: 9,
      maxCapacity: 2,
      schedules: [{ name: "x", schedule: "cron(nope)" }],
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body as { error: { details: Array<{ path: string }> } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["minCapacity", "schedules.0.schedule"]));
    expect((await api(runtime, "GET", "/endpoints/unplanned/scaling-plan")).status).toBe(404);
  });
});
