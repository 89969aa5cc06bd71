import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  DescribeEndpointConfigCommand,
  SageMakerClient,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from "@aws-sdk/client-sagemaker";
import type { BusEvent } from "@sagemaker-lifecycle/local/event-bus";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures.js";
import {
  advanceUntil,
  liveWeights,
  RAMP_HISTORY,
  type RolloutBody,
  rolloutOf,
  seedLifecycle,
} from "../support/lifecycle.js";
import { api, clientConfig, startTestRuntime } from "../support/local.js";
import { advance, simApplied } from "../support/scenario.js";

let runtime: LocalRuntime;
let sagemaker: SageMakerClient;
let events: EventBridgeClient;

beforeAll(async () => {
  runtime = await startTestRuntime();
  sagemaker = new SageMakerClient(clientConfig(runtime));
  events = new EventBridgeClient(clientConfig(runtime));
});

afterAll(async () => {
  sagemaker.destroy();
  events.destroy();
  await runtime.stop();
});

const POLICY = { steps: [20, 50, 100], bakeSeconds: 600, alarms: [] as string[] };

async function setPolicy(endpoint: string, policy: Record<string, unknown>) {
  const response = await api(runtime, "PUT", `/endpoints/${endpoint}/rollout-policy`, policy);
  expect(response.status).toBe(200);
}

/** History without times, with the endpoint's own names made generic, to compare two runs. */
function shape(rollout: RolloutBody, names: Record<string, string>) {
  const generic = (text: string) => Object.entries(names).reduce((t, [name, label]) => t.replaceAll(name, label), text);
  return {
    status: rollout.status,
    weights: Object.fromEntries(Object.entries(rollout.weights).map(([k, v]) => [generic(k), v])),
    history: rollout.history.map((h) => ({
      from: h.from,
      to: h.to,
      cause: generic(h.cause),
      calls: h.calls.map(generic),
    })),
  };
}

describe("progressive promotion in local mode", () => {
  let cleanShape: ReturnType<typeof shape>;
  let cleanSlackCount = 0;

  it("ramps the challenger 20 → 50 → 100 with bakes, weights checked on the endpoint at every step, then makes it the champion", async () => {
    // Prepare
    const slackBefore = runtime.slack.messages.length;
    await setPolicy("ramp", POLICY);
    const { champion, winner, tuningJob } = await seedLifecycle(runtime, "ramp");
    // Act + Assess, step by step
    await advance(runtime, 600); // the tuning job completes; the rollout starts at once
    expect((await rolloutOf(runtime, "ramp")).status).toBe("Deploying");
    let rollout = await advanceUntil(runtime, "ramp", (r) => r.status === "Baking" && r.step?.challengerWeight === 20);
    expect((await liveWeights(sagemaker, "ramp")).weights).toEqual({ [champion]: 80, [winner]: 20 });
    expect(rollout.weights).toEqual({ [champion]: 80, [winner]: 20 });
    // Nothing moves before the bake time has passed
    await advance(runtime, 540);
    expect((await rolloutOf(runtime, "ramp")).step?.challengerWeight).toBe(20);
    rollout = await advanceUntil(runtime, "ramp", (r) => r.status === "Baking" && r.step?.challengerWeight === 50);
    expect((await liveWeights(sagemaker, "ramp")).weights).toEqual({ [champion]: 50, [winner]: 50 });
    rollout = await advanceUntil(runtime, "ramp", (r) => r.status === "Baking" && r.step?.challengerWeight === 100);
    expect((await liveWeights(sagemaker, "ramp")).weights).toEqual({ [champion]: 0, [winner]: 100 });
    rollout = await advanceUntil(runtime, "ramp", "Completed");
    // Final: the challenger is the sole variant and the champion
    const live = await liveWeights(sagemaker, "ramp");
    expect(live).toMatchObject({ status: "InService", weights: { [winner]: 1 } });
    const models = (await api(runtime, "GET", "/endpoints/ramp/models")).body as {
      champion: { modelName: string; metricValue: number };
      models: Array<{ modelName: string; status: string }>;
    };
    expect(models.champion).toMatchObject({ modelName: winner, metricValue: 0.9 });
    expect(models.models[0]).toMatchObject({ modelName: winner, status: "champion" });
    // The old champion's config is gone; the history tells every transition with its AWS calls
    await expect(
      sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "ramp-config-v1" })),
    ).rejects.toThrow(/Could not find/);
    expect(rollout.history.map((h) => h.to)).toEqual(RAMP_HISTORY);
    expect(
      rollout.history.flatMap((h) => h.calls).filter((c) => c.startsWith("UpdateEndpointWeightsAndCapacities")),
    ).toHaveLength(2);
    // One Slack message per transition
    const slack = runtime.slack.messages
      .slice(slackBefore)
      .filter((m) => JSON.stringify(m.body).includes("Rollout on ramp"));
    expect(slack).toHaveLength(rollout.history.length);
    expect((await api(runtime, "GET", `/tuning-jobs/${tuningJob}`)).body).toMatchObject({
      handOff: { kind: "rollout-requested" },
    });
    cleanShape = shape(rollout, { ramp: "EP", [champion]: "CHAMPION", [winner]: "WINNER", [tuningJob]: "HPO" });
    cleanSlackCount = slack.length;
    // The endpoint is free for the next rollout
    const list = (await api(runtime, "GET", "/rollouts")).body as {
      active: unknown[];
      recent: Array<{ endpoint: string; status: string }>;
    };
    expect(list.recent.some((r) => r.endpoint === "ramp" && r.status === "Completed")).toBe(true);
  });

  it("rolls back when a gating alarm fires mid-ramp", async () => {
    // Prepare
    await setPolicy("alarmed", { ...POLICY, alarms: ["alarmed-challenger-5xx"] });
    const { champion, winner } = await seedLifecycle(runtime, "alarmed");
    await advance(runtime, 600);
    await advanceUntil(runtime, "alarmed", (r) => r.status === "Baking" && r.step?.challengerWeight === 50);
    // Act: CloudWatch says the challenger's 5xx alarm is in ALARM
    const alarm = fixture<{ detail: Record<string, unknown>; resources: string[] }>(
      "events/cloudwatch-alarm-state-change.json",
    );
    await events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: "aws.cloudwatch",
            DetailType: "CloudWatch Alarm State Change",
            Detail: JSON.stringify({ ...alarm.detail, alarmName: "alarmed-challenger-5xx" }),
          },
        ],
      }),
    );
    await runtime.bus.idle();
    // Assess: traffic goes back to the champion at once, then the champion-only config
    expect((await rolloutOf(runtime, "alarmed")).status).toBe("RollingBack");
    await advance(runtime, 30);
    expect((await liveWeights(sagemaker, "alarmed")).weights).toEqual({ [champion]: 100, [winner]: 0 });
    const rollout = await advanceUntil(runtime, "alarmed", "RolledBack");
    expect(rollout.reason).toContain("alarm alarmed-challenger-5xx is in ALARM");
    expect((await liveWeights(sagemaker, "alarmed")).weights).toEqual({ [champion]: 1 });
    const models = (await api(runtime, "GET", "/endpoints/alarmed/models")).body as {
      champion: unknown;
      models: Array<{ status: string }>;
    };
    expect(models.models[0]?.status).toBe("rejected");
  });

  it("fails when SageMaker rolls the update back, detected by the config name", async () => {
    await setPolicy("sm-rollback", POLICY);
    await seedLifecycle(runtime, "sm-rollback");
    await fetch(`${runtime.edgeUrl}/_sim/faults`, {
      method: "POST",
      body: JSON.stringify({ failEndpointUpdates: { "sm-rollback": "Insufficient capacity" } }),
    });
    await advance(runtime, 600);
    const rollout = await advanceUntil(runtime, "sm-rollback", "Failed");
    expect(rollout.reason).toContain("SageMaker rolled the update back");
    expect(rollout.reason).toContain("sm-rollback-config-v1");
    expect((await liveWeights(sagemaker, "sm-rollback")).config).toBe("sm-rollback-config-v1");
  });

  it("completes with exactly one weights update per step when the endpoint is busy at every step and 30% of calls are throttled", async () => {
    // Prepare
    await setPolicy("faulty", POLICY);
    const { winner } = await seedLifecycle(runtime, "faulty");
    await fetch(`${runtime.edgeUrl}/_sim/faults`, {
      method: "POST",
      body: JSON.stringify({
        throttle: { UpdateEndpointWeightsAndCapacities: 0.3, UpdateEndpoint: 0.3, CreateEndpointConfig: 0.3 },
        seed: 7,
      }),
    });
    const before = (await simApplied(runtime))["SageMaker.UpdateEndpointWeightsAndCapacities"] ?? 0;
    let busyRefusals = 0;
    await advance(runtime, 600);
    // Act: before each step, the endpoint is made busy (the next weights call is refused as it would be while Updating)
    for (const weight of [20, 50]) {
      await advanceUntil(runtime, "faulty", (r) => r.status === "Baking" && r.step?.challengerWeight === weight);
      await fetch(`${runtime.edgeUrl}/_sim/faults`, {
        method: "POST",
        body: JSON.stringify({ failOnce: { UpdateEndpointWeightsAndCapacities: "ValidationException" } }),
      });
      const deferred = await advanceUntil(runtime, "faulty", (r) =>
        r.history.some(
          (h) =>
            h.calls.some((c) => c.includes("ValidationException")) &&
            h.to === "Shifting" &&
            h.cause.includes(`${weight === 20 ? 50 : 100}%`),
        ),
      );
      if (deferred) busyRefusals++;
    }
    const rollout = await advanceUntil(runtime, "faulty", "Completed");
    await fetch(`${runtime.edgeUrl}/_sim/faults`, { method: "DELETE" });
    // Assess
    const applied = ((await simApplied(runtime))["SageMaker.UpdateEndpointWeightsAndCapacities"] ?? 0) - before;
    expect(busyRefusals).toBe(2);
    expect(applied).toBe(2);
    expect((await liveWeights(sagemaker, "faulty")).weights).toEqual({ [winner]: 1 });
    expect(rollout.history.map((h) => h.to)).toEqual(RAMP_HISTORY);
  });

  it("ends in the same state and history when every event is delivered three times, shuffled", async () => {
    // Prepare: every SageMaker and CloudWatch event is delivered again at once with a new id,
    // and once more, identical, later and out of order (after the next events)
    await setPolicy("replayed", POLICY);
    const slackBefore = runtime.slack.messages.length;
    const late: BusEvent[] = [];
    const copies = new WeakSet<BusEvent>();
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const unsubscribe = runtime.bus.subscribe((event) => {
      if (copies.has(event) || !event.source.startsWith("aws.sagemaker")) return;
      const copy = { ...event, id: `${event.id}-again` };
      copies.add(copy);
      runtime.bus.publish(copy);
      late.push(event);
    });
    const flushLate = () => {
      const batch = late.splice(0).sort(() => random() - 0.5);
      for (const event of batch) {
        const identical = { ...event };
        copies.add(identical);
        runtime.bus.publish(identical);
      }
    };
    const { champion, winner, tuningJob } = await seedLifecycle(runtime, "replayed");
    // Act
    await advance(runtime, 600);
    let rollout = await rolloutOf(runtime, "replayed");
    for (let i = 0; i < 400 && rollout.status !== "Completed"; i++) {
      flushLate();
      await advance(runtime, 30);
      rollout = await rolloutOf(runtime, "replayed");
    }
    flushLate();
    await runtime.bus.idle();
    unsubscribe();
    rollout = await rolloutOf(runtime, "replayed");
    // Assess
    expect(shape(rollout, { replayed: "EP", [champion]: "CHAMPION", [winner]: "WINNER", [tuningJob]: "HPO" })).toEqual(
      cleanShape,
    );
    const slack = runtime.slack.messages
      .slice(slackBefore)
      .filter((m) => JSON.stringify(m.body).includes("Rollout on replayed"));
    expect(slack).toHaveLength(cleanSlackCount);
    expect(runtime.bus.deadLetters).toEqual([]);
  });
});

describe("lost events", () => {
  it("finds out from DescribeEndpoint when the event that confirms a step never arrives", async () => {
    // Prepare: the IN_SERVICE event of the canary deployment is lost
    await setPolicy("lossy", POLICY);
    await seedLifecycle(runtime, "lossy");
    runtime.bus.dropNext(
      (e) =>
        (e.detail as { EndpointName?: string; EndpointStatus?: string }).EndpointName === "lossy" &&
        (e.detail as { EndpointStatus?: string }).EndpointStatus === "IN_SERVICE",
    );
    await advance(runtime, 600);
    // Act: the endpoint is in service after 240 s; nobody says so
    await advance(runtime, 270);
    expect((await rolloutOf(runtime, "lossy")).status).toBe("Deploying");
    // Assess: within a few minutes the tick looks at the endpoint itself
    const rollout = await advanceUntil(runtime, "lossy", "Baking", 600);
    expect(rollout.step?.challengerWeight).toBe(20);
  });
});

describe("operator controls", () => {
  it("pauses, resumes, approves a manual step and aborts", async () => {
    await setPolicy("operated", { steps: [20, 50, 100], bakeSeconds: 600, approval: { manualBefore: [50] } });
    const { champion, winner } = await seedLifecycle(runtime, "operated");
    await advance(runtime, 600);
    await advanceUntil(runtime, "operated", (r) => r.status === "Baking");
    // pause holds the bake
    expect((await api(runtime, "POST", "/rollouts/operated/pause")).body).toMatchObject({ paused: true });
    await advance(runtime, 1800);
    expect((await rolloutOf(runtime, "operated")).status).toBe("Baking");
    await api(runtime, "POST", "/rollouts/operated/resume");
    // the manual step waits for an approval
    const waiting = await advanceUntil(runtime, "operated", "AwaitingApproval");
    expect(waiting.nextAction?.action).toContain("/rollouts/operated/promote");
    await advance(runtime, 1800);
    expect((await rolloutOf(runtime, "operated")).status).toBe("AwaitingApproval");
    expect((await api(runtime, "POST", "/rollouts/operated/promote")).body).toMatchObject({ status: "Shifting" });
    await advanceUntil(runtime, "operated", (r) => r.status === "Baking" && r.step?.challengerWeight === 50);
    // abort rolls back
    expect((await api(runtime, "POST", "/rollouts/operated/abort")).body).toMatchObject({ status: "RollingBack" });
    const rollout = await advanceUntil(runtime, "operated", "RolledBack");
    expect(rollout.reason).toBe("aborted by an operator");
    expect((await liveWeights(sagemaker, "operated")).weights).toEqual({ [champion]: 1 });
    expect(winner).toBeTruthy();
  });

  it("aborts a rollout that waits for a busy endpoint without touching the endpoint", async () => {
    // Prepare: the endpoint is Updating when the winner arrives, so the rollout waits as Requested
    await setPolicy("waiting", POLICY);
    const { champion } = await seedLifecycle(runtime, "waiting");
    await advance(runtime, 590);
    await sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: "waiting",
        DesiredWeightsAndCapacities: [{ VariantName: champion, DesiredWeight: 1 }],
      }),
    );
    await runtime.clock.advance(10);
    await runtime.bus.idle();
    expect((await rolloutOf(runtime, "waiting")).status).toBe("Requested");
    // Act
    const aborted = await api(runtime, "POST", "/rollouts/waiting/abort");
    // Assess
    expect(aborted.body).toMatchObject({ status: "RolledBack", reason: "aborted by an operator" });
    await advance(runtime, 600);
    const live = await liveWeights(sagemaker, "waiting");
    expect(live).toMatchObject({ config: "waiting-config-v1", weights: { [champion]: 1 } });
  });

  it("answers 404 for an endpoint without a rollout and 400 for an unknown action", async () => {
    expect((await api(runtime, "POST", "/rollouts/nothing-here/pause")).status).toBe(404);
    expect((await api(runtime, "POST", "/rollouts/operated/explode")).status).toBe(400);
    expect((await api(runtime, "GET", "/rollouts/nothing-here")).status).toBe(404);
  });

  it("rejects a bad rollout policy with every problem", async () => {
    const response = await api(runtime, "PUT", "/endpoints/x/rollout-policy", {
      steps: [50, 20],
      bakeSeconds: -1,
      progressDeadlineSeconds: 1,
    });
    expect(response.status).toBe(400);
    const paths = (response.body as { error: { details: Array<{ path: string }> } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["steps", "bakeSeconds", "progressDeadlineSeconds"]));
  });
});
