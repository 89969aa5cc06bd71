/**
 * zod schemas of the REST API's path parameters and request bodies: the same schemas
 * validate requests in the handlers and (later) generate the OpenAPI document.
 */
import { z } from "zod";

/** SageMaker's endpoint name rule: letters, digits and hyphens, ≤ 63, no leading or trailing hyphen. */
export const EndpointNameSchema = z
  .string()
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
    "must be a SageMaker endpoint name: letters, digits, hyphens, at most 63",
  );

export const TuningJobNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/, "must be a tuning job name: letters, digits, hyphens, at most 32");

export const PromotionPolicySchema = z
  .strictObject({
    minImprovement: z.number().finite().nonnegative().default(0),
    shipStoppedJobs: z.boolean().default(true),
    executionRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")
      .optional(),
    instanceType: z
      .string()
      .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, "must be a SageMaker instance type like ml.m5.large")
      .optional(),
    initialInstanceCount: z.number().int().min(1).max(100).optional(),
  })
  .describe("How winners of tuning jobs tagged for this endpoint are promoted");
export type PromotionPolicyBody = z.output<typeof PromotionPolicySchema>;

export const RolloutActionSchema = z.enum(["pause", "resume", "promote", "abort"]);

export const RouteNameSchema = z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, "letters, digits, - and _, at most 64");
export const SilenceIdSchema = z.uuid();

export const AlertQuerySchema = z.strictObject({
  endpoint: EndpointNameSchema.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  state: z.enum(["recorded", "queued", "sent", "silenced", "deduplicated", "no-route"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
