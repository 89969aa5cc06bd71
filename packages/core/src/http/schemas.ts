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

export const FeatureGroupNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}$/, "must be a feature group name: letters, digits, - and _, at most 64");

export const RecordIdSchema = z.string().min(1).max(1024);

export const PutRecordBodySchema = z.strictObject({
  /** Feature name → value: strings for String features, numbers for Fractional, integers (or digit strings beyond 2^53) for Integral. */
  features: z.record(z.string(), z.unknown()),
  /** ISO-8601 with a zone, or epoch seconds; now by default. */
  eventTime: z.union([z.string(), z.number()]).optional(),
  /** Also write to the offline store (the group must have one). */
  offlineStore: z.boolean().optional(),
});

export const BatchGetBodySchema = z.strictObject({
  requests: z
    .array(
      z.strictObject({
        featureGroup: FeatureGroupNameSchema,
        recordIds: z.array(RecordIdSchema).min(1),
        features: z.array(z.string().min(1)).min(1).optional(),
      }),
    )
    .min(1)
    .max(100),
});

export const DeleteRecordQuerySchema = z.strictObject({ eventTime: z.string().min(1).optional() });
