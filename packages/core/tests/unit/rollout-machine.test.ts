import { describe, expect, it } from "vitest";
import {
  canaryConfigName,
  finalConfigName,
  nextDueAt,
  type Rollout,
  type RolloutInput,
  requestedRollout,
  rollbackConfigName,
  transition,
} from "../../src/rollout/machine.js";
import { DEFAULT_ROLLOUT_POLICY, type RolloutPolicy, RolloutPolicySchema } from "../../src/rollout/policy.js";

const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();
const champion = {
  variantName: "v1",
  modelName: "m1",
  configName: "cfg-1",
  instanceType: "ml.m5.large",
  instanceCount: 2,
};

function requested(): Rollout {
  return requestedRollout({
    endpoint: "ep",
    tuningJob: "hpo",
    modelName: "m2",
    variantName: "v2",
    metricValue: 0.9,
    requestedAt: iso(0),
  });
}

/** Feeds inputs in order, each at its time, and returns the rollout after the last. */
function run(rollout: Rollout, steps: Array<[number, RolloutInput]>): Rollout {
  return steps.reduce((r, [seconds, input]) => transition(r, input, at(seconds)).rollout, rollout);
}

const start = (policy: RolloutPolicy = DEFAULT_ROLLOUT_POLICY): RolloutInput => ({
  kind: "start",
  policy,
  champion,
  endpointStatus: "InService",
});
const accepted: RolloutInput = { kind: "command-accepted" };
const inService = (seconds: number, configName: string): [number, RolloutInput] => [
  seconds,
  { kind: "endpoint-state", status: "InService", configName, eventTime: iso(seconds) },
];

/** A rollout whose first step (20%) is live and baking since t=300. */
function baking(policy: RolloutPolicy = DEFAULT_ROLLOUT_POLICY): Rollout {
  const r = requested();
  return run(r, [[0, start(policy)], [1, accepted], inService(300, canaryConfigName(r))]);
}

describe("rollout state machine", () => {
  it("starts with a two-variant canary config: champion at 80, challenger at 20", () => {
    const { rollout, notifications } = transition(requested(), start(), at(0));
    expect(rollout.status).toBe("Deploying");
    expect(rollout.pending?.command).toEqual({
      kind: "deploy-config",
      configName: "ep-m2-canary",
      variants: [
        { variantName: "v1", modelName: "m1", weight: 80, instanceType: "ml.m5.large", instanceCount: 2 },
        { variantName: "v2", modelName: "m2", weight: 20, instanceType: "ml.m5.large", instanceCount: 1 },
      ],
    });
    expect(notifications).toHaveLength(1);
  });

  it("waits, without failing, while the endpoint is not in service at start", () => {
    const { rollout } = transition(requested(), { ...start(), endpointStatus: "Updating" } as RolloutInput, at(0));
    expect(rollout.status).toBe("Requested");
    expect(nextDueAt(rollout)).toBe(iso(60));
  });

  it("fails when the endpoint has no single champion variant", () => {
    const { rollout } = transition(
      requested(),
      { kind: "start", policy: DEFAULT_ROLLOUT_POLICY, champion: undefined, endpointStatus: "InService" },
      at(0),
    );
    expect(rollout.status).toBe("Failed");
  });

  it("starts the bake when our config is in service", () => {
    const rollout = baking();
    expect(rollout).toMatchObject({
      status: "Baking",
      challengerWeight: 20,
      bakeStartedAt: iso(300),
      pending: undefined,
    });
    expect(nextDueAt(rollout)).toBe(iso(900));
  });

  it("ignores endpoint events from before its call was accepted (out of order, or duplicates)", () => {
    const r = run(requested(), [
      [0, start()],
      [10, accepted],
    ]);
    const stale = transition(
      r,
      { kind: "endpoint-state", status: "InService", configName: "cfg-1", eventTime: iso(5) },
      at(20),
    );
    expect(stale.unchanged).toBe(true);
    const updating = transition(
      r,
      { kind: "endpoint-state", status: "Updating", configName: "cfg-1", eventTime: iso(15) },
      at(20),
    );
    expect(updating.rollout.status).toBe("Deploying");
  });

  it("shifts to each next step when the bake has passed, and promotes after the bake at 100", () => {
    // Prepare
    const policy = RolloutPolicySchema.parse({ steps: [20, 50, 100], bakeSeconds: 600 });
    let r = baking(policy);
    // Act / Assess: 20 → 50
    expect(transition(r, { kind: "tick" }, at(899)).unchanged).toBe(true);
    r = transition(r, { kind: "tick" }, at(900)).rollout;
    expect(r.status).toBe("Shifting");
    expect(r.pending?.command).toEqual({ kind: "update-weights", weights: { v1: 50, v2: 50 } });
    r = run(r, [[901, accepted], inService(930, canaryConfigName(r))]);
    expect(r).toMatchObject({ status: "Baking", challengerWeight: 50 });
    // 50 → 100
    r = run(r, [[1530, { kind: "tick" }], [1531, accepted], inService(1560, canaryConfigName(r))]);
    expect(r).toMatchObject({ status: "Baking", challengerWeight: 100 });
    // bake at 100 → promote to the sole-variant config → champion
    r = transition(r, { kind: "tick" }, at(2160)).rollout;
    expect(r.status).toBe("Promoting");
    expect(r.pending?.command).toMatchObject({
      kind: "deploy-config",
      configName: finalConfigName(r),
      variants: [{ variantName: "v2", weight: 1 }],
    });
    r = run(r, [[2161, accepted], inService(2400, finalConfigName(r))]);
    expect(r.status).toBe("Completed");
    expect(r.history.map((h) => h.to)).toEqual([
      "Deploying",
      "Baking",
      "Shifting",
      "Baking",
      "Shifting",
      "Baking",
      "Promoting",
      "Completed",
    ]);
  });

  it("honours a bake time per step", () => {
    const r = baking(RolloutPolicySchema.parse({ steps: [20, 100], bakeSeconds: [60, 600] }));
    expect(transition(r, { kind: "tick" }, at(360)).rollout.status).toBe("Shifting");
  });

  it("defers a refused call with backoff and retries it when due, or at once when the endpoint is in service again", () => {
    let r = transition(baking(), { kind: "tick" }, at(900)).rollout;
    r = transition(r, { kind: "command-deferred", error: "ValidationException: busy" }, at(900)).rollout;
    expect(r.pending).toMatchObject({ attempts: 1, notBefore: iso(915), lastError: "ValidationException: busy" });
    r = transition(r, { kind: "command-deferred", error: "ThrottlingException" }, at(915)).rollout;
    expect(r.pending?.notBefore).toBe(iso(945));
    expect(nextDueAt(r)).toBe(iso(945));
    const freed = transition(
      r,
      { kind: "endpoint-state", status: "InService", configName: "x", eventTime: iso(920) },
      at(920),
    ).rollout;
    expect(freed.pending?.notBefore).toBe(iso(920));
    expect(freed.status).toBe("Shifting");
  });

  it("asks for approval before a manual step and moves on when promoted", () => {
    const policy = RolloutPolicySchema.parse({ approval: { manualBefore: [50] } });
    let r = transition(baking(policy), { kind: "tick" }, at(900)).rollout;
    expect(r.status).toBe("AwaitingApproval");
    expect(transition(r, { kind: "tick" }, at(2000)).unchanged).toBe(true);
    r = transition(r, { kind: "operator", action: "promote" }, at(2001)).rollout;
    expect(r.status).toBe("Shifting");
    expect(r.pending?.command).toEqual({ kind: "update-weights", weights: { v1: 50, v2: 50 } });
  });

  it("skips the rest of the bake when promoted during a bake", () => {
    const r = transition(baking(), { kind: "operator", action: "promote" }, at(301)).rollout;
    expect(r.status).toBe("Shifting");
  });

  it("holds the bake while paused and restarts it on resume", () => {
    let r = transition(baking(), { kind: "operator", action: "pause" }, at(400)).rollout;
    expect(r.paused).toBe(true);
    expect(transition(r, { kind: "tick" }, at(5000)).unchanged).toBe(true);
    expect(nextDueAt(r)).toBeUndefined();
    r = transition(r, { kind: "operator", action: "resume" }, at(5000)).rollout;
    expect(r).toMatchObject({ paused: false, bakeStartedAt: iso(5000) });
    expect(transition(r, { kind: "tick" }, at(5599)).unchanged).toBe(true);
    expect(transition(r, { kind: "tick" }, at(5600)).rollout.status).toBe("Shifting");
  });

  describe("rollback", () => {
    const policy = RolloutPolicySchema.parse({ alarms: ["ep-5xx"], progressDeadlineSeconds: 600 });

    function expectRollbackToChampion(r: Rollout, cause: RegExp) {
      expect(r.status).toBe("RollingBack");
      expect(r.reason).toMatch(cause);
      expect(r.pending?.command).toEqual({ kind: "update-weights", weights: { v1: 100, v2: 0 } });
      // traffic back, then the champion-only config, then RolledBack
      let after = run(r, [[2000, accepted], inService(2030, canaryConfigName(r))]);
      expect(after.pending?.command).toMatchObject({
        kind: "deploy-config",
        configName: rollbackConfigName(r),
        variants: [{ variantName: "v1" }],
      });
      after = run(after, [[2031, accepted], inService(2300, rollbackConfigName(r))]);
      expect(after.status).toBe("RolledBack");
      expect(after.challengerWeight).toBe(0);
    }

    it("rolls back on an alarm the policy names, and ignores others", () => {
      const r = baking(policy);
      expect(transition(r, { kind: "alarm", alarmName: "other" }, at(400)).unchanged).toBe(true);
      expectRollbackToChampion(transition(r, { kind: "alarm", alarmName: "ep-5xx" }, at(400)).rollout, /alarm ep-5xx/);
    });

    it("rolls back on a critical drift alert", () => {
      expectRollbackToChampion(
        transition(baking(policy), { kind: "critical-drift", summary: "ltv missing" }, at(400)).rollout,
        /drift/,
      );
    });

    it("rolls back when the operator aborts", () => {
      expectRollbackToChampion(
        transition(baking(policy), { kind: "operator", action: "abort" }, at(400)).rollout,
        /aborted/,
      );
    });

    it("rolls back when the endpoint misses the progress deadline", () => {
      const r = run(requested(), [
        [0, start(policy)],
        [1, accepted],
      ]);
      expect(transition(r, { kind: "tick" }, at(599)).unchanged).toBe(true);
      expectRollbackToChampion(transition(r, { kind: "tick" }, at(600)).rollout, /deadline/);
    });

    it("deploys the champion-only config directly when the challenger was being promoted", () => {
      let r = run(baking(RolloutPolicySchema.parse({ steps: [100] })), [[900, { kind: "tick" }]]);
      expect(r.status).toBe("Promoting");
      r = transition(r, { kind: "operator", action: "abort" }, at(901)).rollout;
      expect(r.pending?.command).toMatchObject({ kind: "deploy-config", configName: rollbackConfigName(r) });
    });

    it("aborts a rollout that has not started without touching the endpoint", () => {
      const r = transition(requested(), { kind: "operator", action: "abort" }, at(1)).rollout;
      expect(r.status).toBe("RolledBack");
      expect(r.pending).toBeUndefined();
    });
  });

  it("fails when SageMaker rolls the update back to another config", () => {
    const r = run(requested(), [[0, start()], [1, accepted], inService(300, "cfg-1")]);
    expect(r.status).toBe("Failed");
    expect(r.reason).toMatch(/rolled the update back.*cfg-1/);
  });

  it("fails when the endpoint fails", () => {
    const r = run(requested(), [
      [0, start()],
      [1, accepted],
      [300, { kind: "endpoint-state", status: "Failed", failureReason: "capacity", eventTime: iso(300) }],
    ]);
    expect(r).toMatchObject({ status: "Failed", reason: "capacity" });
  });

  it("ignores everything once it has ended", () => {
    const r = transition(requested(), { kind: "operator", action: "abort" }, at(1)).rollout;
    for (const input of [start(), { kind: "tick" } as const, { kind: "alarm", alarmName: "x" } as const]) {
      expect(transition(r, input, at(2)).unchanged).toBe(true);
    }
  });
});

describe("RolloutPolicySchema", () => {
  it("defaults to 20 → 50 → 100 with 600 s bakes", () => {
    expect(DEFAULT_ROLLOUT_POLICY).toMatchObject({
      steps: [20, 50, 100],
      bakeSeconds: 600,
      approval: "auto",
      progressDeadlineSeconds: 3600,
      keepPreviousModels: 1,
    });
  });

  it.each([
    [{ steps: [50, 20, 100] }, "strictly increasing"],
    [{ steps: [20, 50] }, "last step must be 100"],
    [{ steps: [0, 100] }, "at least 1"],
    [{ steps: [20, 101] }, "at most 100"],
    [{ bakeSeconds: [60] }, "one bake time per step"],
    [{ approval: { manualBefore: [30] } }, "not one of the steps"],
  ])("rejects %j", (input, message) => {
    const result = RolloutPolicySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

describe("reconciliation", () => {
  it("asks for a look at the endpoint when no event confirmed an accepted call within five minutes", async () => {
    const { needsReconcile } = await import("../../src/rollout/machine.js");
    const r = run(requested(), [
      [0, start()],
      [10, accepted],
    ]);
    expect(needsReconcile(r, at(309))).toBe(false);
    expect(needsReconcile(r, at(310))).toBe(true);
    expect(nextDueAt(r)).toBe(iso(310));
  });
});
