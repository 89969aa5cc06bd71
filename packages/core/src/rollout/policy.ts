/** The rollout policy of an endpoint (`PUT /endpoints/{name}/rollout-policy`), validated. */
import { z } from "zod";

export const RolloutPolicySchema = z
  .strictObject({
    /** Challenger weight in percent at each step: strictly increasing, each in 1..100, ending at 100. */
    steps: z
      .array(z.number().int().min(1, "each step is at least 1").max(100, "each step is at most 100"))
      .min(1)
      .max(20)
      .default([20, 50, 100])
      .refine(
        (steps) => steps.every((s, i) => i === 0 || s > (steps[i - 1] as number)),
        "steps must be strictly increasing",
      )
      .refine((steps) => steps.at(-1) === 100, "the last step must be 100"),
    /** Bake time after each step: one number for every step, or one per step. */
    bakeSeconds: z
      .union([
        z
          .number()
          .int()
          .min(0)
          .max(7 * 86_400),
        z.array(
          z
            .number()
            .int()
            .min(0)
            .max(7 * 86_400),
        ),
      ])
      .default(600),
    /** CloudWatch alarms that roll the rollout back when they go to ALARM. */
    alarms: z.array(z.string().min(1).max(255)).max(20).default([]),
    /** `auto`, or manual approval before the listed steps (by weight). */
    approval: z
      .union([z.literal("auto"), z.strictObject({ manualBefore: z.array(z.number().int().min(1).max(100)).min(1) })])
      .default("auto"),
    progressDeadlineSeconds: z.number().int().min(60).max(86_400).default(3600),
    challengerInstanceCount: z.number().int().min(1).max(100).optional(),
    keepPreviousModels: z.number().int().min(0).max(20).default(1),
  })
  .superRefine((policy, ctx) => {
    if (Array.isArray(policy.bakeSeconds) && policy.bakeSeconds.length !== policy.steps.length) {
      ctx.addIssue({
        code: "custom",
        path: ["bakeSeconds"],
        message: `give one bake time per step (${policy.steps.length})`,
      });
    }
    if (typeof policy.approval === "object") {
      for (const weight of policy.approval.manualBefore) {
        if (!policy.steps.includes(weight)) {
          ctx.addIssue({
            code: "custom",
            path: ["approval", "manualBefore"],
            message: `${weight} is not one of the steps`,
          });
        }
      }
    }
  });

export type RolloutPolicy = z.output<typeof RolloutPolicySchema>;

export const DEFAULT_ROLLOUT_POLICY: RolloutPolicy = RolloutPolicySchema.parse({});
