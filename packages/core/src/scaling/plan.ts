/** The scaling plan of an endpoint (`PUT /endpoints/{name}/scaling-plan`), validated. */
import { z } from "zod";
import { isIanaTimeZone, scheduleExpressionProblem } from "./schedule-expression.js";

const capacity = z.number().int().min(1, "capacity is at least 1").max(10_000, "capacity is at most 10000");
const cooldown = z.number().int().min(0).max(86_400);

export const ScheduleSchema = z
  .strictObject({
    name: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, "letters, digits, - and _, at most 64"),
    schedule: z.string().superRefine((expression, ctx) => {
      const problem = scheduleExpressionProblem(expression);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    timezone: z.string().refine(isIanaTimeZone, "must be an IANA time zone such as Europe/Berlin").optional(),
    startTime: z.iso.datetime({ offset: true }).optional(),
    endTime: z.iso.datetime({ offset: true }).optional(),
    minCapacity: capacity.optional(),
    maxCapacity: capacity.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.minCapacity === undefined && s.maxCapacity === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["minCapacity"],
        message: "a schedule sets minCapacity, maxCapacity or both",
      });
    }
    if (s.minCapacity !== undefined && s.maxCapacity !== undefined && s.minCapacity > s.maxCapacity) {
      ctx.addIssue({ code: "custom", path: ["minCapacity"], message: "minCapacity must not exceed maxCapacity" });
    }
    if (s.startTime && s.endTime && Date.parse(s.startTime) >= Date.parse(s.endTime)) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "endTime must be after startTime" });
    }
  });

export const ScalingPlanSchema = z
  .strictObject({
    minCapacity: capacity,
    maxCapacity: capacity,
    targetTracking: z
      .strictObject({
        invocationsPerInstance: z.number().positive().max(1_000_000),
        scaleInCooldownSeconds: cooldown.default(300),
        scaleOutCooldownSeconds: cooldown.default(300),
        disableScaleIn: z.boolean().default(false),
      })
      .optional(),
    schedules: z.array(ScheduleSchema).max(50).default([]),
    /** Capacity of a challenger during a canary; the plan's minimum (fixed) by default. */
    challenger: z.strictObject({ minCapacity: capacity, maxCapacity: capacity }).optional(),
  })
  .superRefine((plan, ctx) => {
    if (plan.minCapacity > plan.maxCapacity) {
      ctx.addIssue({ code: "custom", path: ["minCapacity"], message: "minCapacity must not exceed maxCapacity" });
    }
    if (plan.challenger && plan.challenger.minCapacity > plan.challenger.maxCapacity) {
      ctx.addIssue({
        code: "custom",
        path: ["challenger", "minCapacity"],
        message: "minCapacity must not exceed maxCapacity",
      });
    }
    const seen = new Set<string>();
    plan.schedules.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: "custom",
          path: ["schedules", i, "name"],
          message: `schedule name "${s.name}" is used twice`,
        });
      seen.add(s.name);
    });
  });

export type ScalingPlan = z.output<typeof ScalingPlanSchema>;
