import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROMOTION_POLICY,
  decide,
  planSelection,
  type TuningJobDescription,
} from "../../src/winner/decision.js";
import {
  compareWithChampion,
  deterministicName,
  modelNameFor,
  selectBest,
  type TrainingJobCandidate,
} from "../../src/winner/selection.js";

const ok = (name: string, value: number, endTime = 1000): TrainingJobCandidate => ({
  name,
  status: "Completed",
  objectiveStatus: "Succeeded",
  objectiveValue: value,
  endTime,
});

describe("selectBest", () => {
  it("takes the highest value when maximising and the lowest when minimising", () => {
    const jobs = [ok("a", 0.8), ok("b", 0.9), ok("c", 0.7)];
    expect(selectBest("Maximize", jobs)?.name).toBe("b");
    expect(selectBest("Minimize", jobs)?.name).toBe("c");
  });

  it("skips failed training jobs and failed objectives, even with better values", () => {
    const jobs = [
      ok("a", 0.8),
      { ...ok("failed", 0.99), status: "Failed" },
      { ...ok("objective-failed", 0.98), objectiveStatus: "Failed" },
      { ...ok("stopped", 0.97), status: "Stopped" },
    ];
    expect(selectBest("Maximize", jobs)?.name).toBe("a");
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["missing", undefined],
  ])("skips a %s metric", (_label, value) => {
    const jobs = [ok("a", 0.5), { ...ok("odd", 0), objectiveValue: value }];
    expect(selectBest("Maximize", jobs)?.name).toBe("a");
    expect(selectBest("Minimize", jobs)?.name).toBe("a");
  });

  it("breaks ties by the earlier training end time, then by name", () => {
    expect(selectBest("Maximize", [ok("late", 0.9, 2000), ok("early", 0.9, 1000)])?.name).toBe("early");
    expect(selectBest("Maximize", [ok("b", 0.9, 1000), ok("a", 0.9, 1000)])?.name).toBe("a");
    expect(selectBest("Maximize", [ok("b", 0.9, 1000), ok("a", 0.9, 1000)].reverse())?.name).toBe("a");
  });

  it("finds nothing when no job is eligible", () => {
    expect(selectBest("Maximize", [{ ...ok("x", 0.9), status: "Failed" }])).toBeUndefined();
    expect(selectBest("Maximize", [])).toBeUndefined();
  });
});

describe("planSelection", () => {
  const objective = { type: "Maximize" as const, metricName: "validation:auc" };
  const job = (overrides: Partial<TuningJobDescription>): TuningJobDescription => ({
    name: "hpo",
    status: "Completed",
    objective,
    ...overrides,
  });

  it("ignores a tuning job that has not finished", () => {
    expect(planSelection(job({ status: "InProgress" }), DEFAULT_PROMOTION_POLICY).kind).toBe("ignore");
  });

  it("finds no winner for a failed tuning job", () => {
    expect(planSelection(job({ status: "Failed" }), DEFAULT_PROMOTION_POLICY)).toMatchObject({ kind: "no-winner" });
  });

  it("selects among a stopped job's succeeded jobs unless the policy says not to", () => {
    const stopped = job({ status: "Stopped", best: ok("a", 0.8), bestMetricName: "validation:auc" });
    expect(planSelection(stopped, DEFAULT_PROMOTION_POLICY).kind).toBe("use-reported");
    expect(planSelection(stopped, { ...DEFAULT_PROMOTION_POLICY, shipStoppedJobs: false }).kind).toBe("no-winner");
  });

  it("uses OverallBestTrainingJob for warm-start tuning when present", () => {
    const plan = planSelection(
      job({ best: ok("child", 0.8), overallBest: ok("parent", 0.85) }),
      DEFAULT_PROMOTION_POLICY,
    );
    expect(plan).toMatchObject({
      kind: "use-reported",
      source: "OverallBestTrainingJob",
      candidate: { name: "parent" },
    });
  });

  it("lists every job when the reported best is missing or inconsistent", () => {
    expect(planSelection(job({}), DEFAULT_PROMOTION_POLICY).kind).toBe("list-jobs");
    expect(
      planSelection(job({ best: { ...ok("x", 0.9), objectiveStatus: "Failed" } }), DEFAULT_PROMOTION_POLICY).kind,
    ).toBe("list-jobs");
    expect(planSelection(job({ best: ok("x", 0.9), bestMetricName: "train:auc" }), DEFAULT_PROMOTION_POLICY).kind).toBe(
      "list-jobs",
    );
  });
});

describe("compareWithChampion", () => {
  const max = { type: "Maximize" as const, metricName: "auc" };
  const min = { type: "Minimize" as const, metricName: "rmse" };
  const champion = (metricValue: number, objective = max) => ({
    modelName: "m1",
    metricName: objective.metricName,
    objectiveType: objective.type,
    metricValue,
  });

  it("always ships a first model", () => {
    expect(compareWithChampion({ value: 0.1, objective: max }, undefined, 0.5).ships).toBe(true);
  });

  it("ships a better challenger in the objective's direction", () => {
    expect(compareWithChampion({ value: 0.91, objective: max }, champion(0.9), 0)).toMatchObject({
      ships: true,
      improvement: 0.01,
    });
    expect(compareWithChampion({ value: 1.2, objective: min }, champion(1.5, min), 0)).toMatchObject({
      ships: true,
      improvement: 0.3,
    });
  });

  it("never ships an equal or worse challenger", () => {
    expect(compareWithChampion({ value: 0.9, objective: max }, champion(0.9), 0).ships).toBe(false);
    expect(compareWithChampion({ value: 0.85, objective: max }, champion(0.9), 0).ships).toBe(false);
    expect(compareWithChampion({ value: 1.6, objective: min }, champion(1.5, min), 0).ships).toBe(false);
  });

  it("requires at least minImprovement", () => {
    expect(compareWithChampion({ value: 0.905, objective: max }, champion(0.9), 0.01).ships).toBe(false);
    expect(compareWithChampion({ value: 0.91, objective: max }, champion(0.9), 0.01).ships).toBe(true);
  });

  it("refuses to compare with a champion measured on another metric", () => {
    const result = compareWithChampion({ value: 0.99, objective: max }, champion(0.5, min), 0);
    expect(result.ships).toBe(false);
    expect(result.reason).toContain("not comparable");
  });
});

describe("decide", () => {
  const job: TuningJobDescription = {
    name: "hpo",
    status: "Completed",
    objective: { type: "Maximize", metricName: "auc" },
  };
  const base = {
    job,
    policy: DEFAULT_PROMOTION_POLICY,
    source: "ListTrainingJobs" as const,
    now: new Date("2026-11-20T10:00:00Z"),
  };

  it("ships the winner with a deterministic model name and says why", () => {
    const decision = decide({
      ...base,
      endpoint: "churn-prod",
      champion: undefined,
      candidates: [ok("hpo-001-a", 0.8), ok("hpo-002-b", 0.9)],
    });
    expect(decision).toMatchObject({
      outcome: "shipped",
      winner: { trainingJob: "hpo-002-b", metricValue: 0.9 },
      modelName: "hpo-002-b",
    });
    expect(decision.reasons.join(" ")).toContain("first model");
  });

  it("records a losing challenger without a model", () => {
    const champion = { modelName: "m1", metricName: "auc", objectiveType: "Maximize" as const, metricValue: 0.95 };
    const decision = decide({ ...base, endpoint: "churn-prod", champion, candidates: [ok("hpo-001-a", 0.9)] });
    expect(decision.outcome).toBe("not-shipped");
    expect(decision.modelName).toBeUndefined();
    expect(decision.champion).toEqual(champion);
  });

  it("records a winner without an endpoint tag as shipping nowhere", () => {
    expect(decide({ ...base, endpoint: undefined, champion: undefined, candidates: [ok("a", 0.9)] }).outcome).toBe(
      "no-endpoint",
    );
  });

  it("finds no winner when no objective succeeded", () => {
    const decision = decide({
      ...base,
      endpoint: "e",
      champion: undefined,
      candidates: [{ ...ok("a", 0.9), objectiveStatus: "Failed" }],
    });
    expect(decision.outcome).toBe("no-winner");
  });
});

describe("deterministic names", () => {
  it("keeps a legal name as it is and makes long or odd names legal, the same way every time", () => {
    expect(modelNameFor("churn-hpo-2026-11-20-002-9f3e7d21")).toBe("churn-hpo-2026-11-20-002-9f3e7d21");
    const long = deterministicName("x".repeat(80));
    expect(long).toHaveLength(63);
    expect(deterministicName("x".repeat(80))).toBe(long);
    expect(deterministicName("x".repeat(79))).not.toBe(long);
    expect(deterministicName("a_b.c")).toBe("a-b-c");
  });
});
