import { describe, expect, it } from "vitest";
import { type CurrentScaling, desiredScaling, diffScaling, POLICY_NAME } from "../../src/scaling/diff.js";
import { ScalingPlanSchema } from "../../src/scaling/plan.js";
import { isIanaTimeZone, scheduleExpressionProblem } from "../../src/scaling/schedule-expression.js";

const planInput = {
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
const plan = ScalingPlanSchema.parse(planInput);

describe("schedule expressions", () => {
  it.each([
    "cron(0 8 ? * MON-FRI *)",
    "cron(0 20 ? * * *)",
    "cron(15 10 * * ? 2027)",
    "cron(0/15 * * * ? *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 18 L * ? *)",
    "rate(1 hour)",
    "rate(5 minutes)",
    "at(2026-12-24T18:00:00)",
  ])("accepts %s", (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ["cron(0 8 * * *)", "six fields"],
    ["cron(0 8 * * * *)", "exactly one"],
    ["cron(0 8 ? * ? *)", "exactly one"],
    ["cron(61 8 ? * * *)", "minutes"],
    ["cron(0 25 ? * * *)", "hours"],
    ["cron(0 8 ? 13 * *)", "month"],
    ["cron(0 8 ? * FUNDAY *)", "day-of-week"],
    ["rate(1 hours)", "singular"],
    ["rate(5 minute)", "plural"],
    ["rate(0 minutes)", "positive"],
    ["at(2026-13-40T99:00:00)", "valid date"],
    ["every day at 8", "must be at("],
  ])("rejects %s", (expression, problem) => {
    expect(scheduleExpressionProblem(expression)).toContain(problem);
  });

  it("knows IANA time zones", () => {
    expect(isIanaTimeZone("Europe/Berlin")).toBe(true);
    expect(isIanaTimeZone("UTC")).toBe(true);
    expect(isIanaTimeZone("Mars/Olympus")).toBe(false);
    expect(isIanaTimeZone("CEST")).toBe(false);
  });
});

describe("ScalingPlanSchema", () => {
  it("applies AWS's default cooldowns", () => {
    expect(plan.targetTracking).toEqual({
      invocationsPerInstance: 70,
      scaleInCooldownSeconds: 300,
      scaleOutCooldownSeconds: 300,
      disableScaleIn: false,
    });
  });

  it("reports every problem at once", () => {
    const result = ScalingPlanSchema.safeParse({
      minCapacity: 5,
      maxCapacity: 2,
      schedules: [
        { name: "a", schedule: "cron(0 8 * * *)", timezone: "Nowhere/Land", minCapacity: 1 },
        {
          name: "a",
          schedule: "rate(1 hour)",
          startTime: "2026-12-02T00:00:00Z",
          endTime: "2026-12-01T00:00:00Z",
          maxCapacity: 3,
        },
        { name: "b", schedule: "rate(1 hour)" },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        "minCapacity",
        "schedules.0.schedule",
        "schedules.0.timezone",
        "schedules.1.endTime",
        "schedules.1.name",
        "schedules.2.minCapacity",
      ]),
    );
  });

  it("refuses capacities out of range and unknown fields", () => {
    expect(ScalingPlanSchema.safeParse({ minCapacity: 0, maxCapacity: 1 }).success).toBe(false);
    expect(ScalingPlanSchema.safeParse({ minCapacity: 1, maxCapacity: 10_001 }).success).toBe(false);
    expect(ScalingPlanSchema.safeParse({ minCapacity: 1, maxCapacity: 2, maxCapcity: 3 }).success).toBe(false);
  });
});

describe("diffScaling", () => {
  const empty: CurrentScaling = { targets: [], policies: [], scheduledActions: [] };
  const resourceId = "endpoint/ep/variant/v1";

  /** What Application Auto Scaling would report after the actions were applied. */
  function applied(actions: ReturnType<typeof diffScaling>): CurrentScaling {
    return {
      targets: actions.flatMap((a) =>
        a.kind === "register-target"
          ? [{ resourceId: a.resourceId, minCapacity: a.minCapacity, maxCapacity: a.maxCapacity }]
          : [],
      ),
      policies: actions.flatMap((a) =>
        a.kind === "put-policy" ? [{ resourceId: a.resourceId, name: a.name, targetTracking: a.targetTracking }] : [],
      ),
      scheduledActions: actions.flatMap((a) =>
        a.kind === "put-scheduled-action" ? [{ resourceId: a.resourceId, ...a.action }] : [],
      ),
    };
  }

  it("plans the target, the policy and every schedule for a variant with nothing", () => {
    const actions = diffScaling(desiredScaling(plan, "ep", ["v1"]), empty);
    expect(actions.map((a) => a.kind)).toEqual([
      "register-target",
      "put-policy",
      "put-scheduled-action",
      "put-scheduled-action",
    ]);
    expect(actions[0]).toEqual({ kind: "register-target", resourceId, minCapacity: 1, maxCapacity: 8 });
  });

  it("plans nothing when Application Auto Scaling already matches", () => {
    const desired = desiredScaling(plan, "ep", ["v1"]);
    expect(diffScaling(desired, applied(diffScaling(desired, empty)))).toEqual([]);
  });

  it("deletes managed schedules and policies the plan no longer has, and leaves others alone", () => {
    const before = applied(diffScaling(desiredScaling(plan, "ep", ["v1"]), empty));
    const current: CurrentScaling = {
      ...before,
      scheduledActions: [...before.scheduledActions, { resourceId, name: "someone-elses", schedule: "rate(1 day)" }],
    };
    const edited = ScalingPlanSchema.parse({
      ...planInput,
      minCapacity: 2,
      targetTracking: undefined,
      schedules: [planInput.schedules[0]],
    });
    const actions = diffScaling(desiredScaling(edited, "ep", ["v1"]), current);
    expect(actions).toEqual([
      { kind: "register-target", resourceId, minCapacity: 2, maxCapacity: 8 },
      { kind: "delete-policy", resourceId, name: POLICY_NAME },
      { kind: "delete-scheduled-action", resourceId, name: "lifecycle-nights" },
    ]);
  });

  it("updates a schedule whose expression or capacity changed", () => {
    const current = applied(diffScaling(desiredScaling(plan, "ep", ["v1"]), empty));
    const edited = ScalingPlanSchema.parse({
      ...planInput,
      schedules: [{ ...planInput.schedules[0], maxCapacity: 6 }, planInput.schedules[1]],
    });
    const actions = diffScaling(desiredScaling(edited, "ep", ["v1"]), current);
    expect(actions).toEqual([
      expect.objectContaining({
        kind: "put-scheduled-action",
        action: expect.objectContaining({ name: "lifecycle-business-hours", maxCapacity: 6 }),
      }),
    ]);
  });

  it("gives a canary's challenger the plan's minimum, fixed, without policy or schedules", () => {
    const desired = desiredScaling(plan, "ep", ["v1", "v2"], "v2");
    expect(desired[1]).toEqual({
      resourceId: "endpoint/ep/variant/v2",
      minCapacity: 1,
      maxCapacity: 1,
      scheduledActions: [],
    });
    const withOverride = desiredScaling(
      ScalingPlanSchema.parse({ ...planInput, challenger: { minCapacity: 2, maxCapacity: 3 } }),
      "ep",
      ["v2"],
      "v2",
    );
    expect(withOverride[0]).toMatchObject({ minCapacity: 2, maxCapacity: 3 });
  });
});
