/**
 * zod schemas of the REST API's path parameters and request bodies: the same schemas
 * validate requests in the handlers and generate the OpenAPI document. They are written
 * with `zod/mini`, which tree-shakes: the API functions that use only these schemas do not
 * bundle zod's full API (188 KB and 13 ms of import, measured by `npm run bench`).
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini leaves messages to the caller: English, as the classic API does.
z.config(en());

/** SageMaker's endpoint name rule: letters, digits and hyphens, ≤ 63, no leading or trailing hyphen. */
export const EndpointNameSchema = z
  .string()
  .check(
    z.regex(
      /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
      "must be a SageMaker endpoint name: letters, digits, hyphens, at most 63",
    ),
  );

export const TuningJobNameSchema = z
  .string()
  .check(
    z.regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/, "must be a tuning job name: letters, digits, hyphens, at most 32"),
  );

const finiteNumber = () => z.number().check(z.refine(Number.isFinite, "must be a finite number"));

export const PromotionPolicySchema = z.strictObject({
  minImprovement: z._default(finiteNumber().check(z.nonnegative()), 0),
  shipStoppedJobs: z._default(z.boolean(), true),
  executionRoleArn: z.optional(
    z.string().check(z.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")),
  ),
  instanceType: z.optional(
    z.string().check(z.regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, "must be a SageMaker instance type like ml.m5.large")),
  ),
  initialInstanceCount: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
});
export type PromotionPolicyBody = z.output<typeof PromotionPolicySchema>;

export const RolloutActionSchema = z.enum(["pause", "resume", "promote", "abort"]);

export const RouteNameSchema = z
  .string()
  .check(z.regex(/^[a-zA-Z0-9-_]{1,64}$/, "letters, digits, - and _, at most 64"));
export const SilenceIdSchema = z.uuid();

export const AlertQuerySchema = z.strictObject({
  endpoint: z.optional(EndpointNameSchema),
  since: z.optional(z.iso.datetime({ offset: true })),
  state: z.optional(z.enum(["recorded", "queued", "sent", "silenced", "deduplicated", "no-route"])),
  limit: z._default(
    z.coerce.number().check(z.multipleOf(1, "must be a whole number"), z.minimum(1), z.maximum(1000)),
    100,
  ),
});

export const FeatureGroupNameSchema = z
  .string()
  .check(
    z.regex(
      /^[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}$/,
      "must be a feature group name: letters, digits, - and _, at most 64",
    ),
  );

export const RecordIdSchema = z.string().check(z.minLength(1), z.maxLength(1024));

export const PutRecordBodySchema = z.strictObject({
  /** Feature name → value: strings for String features, numbers for Fractional, integers (or digit strings beyond 2^53) for Integral. */
  features: z.record(z.string(), z.unknown()),
  /** ISO-8601 with a zone, or epoch seconds; now by default. */
  eventTime: z.optional(z.union([z.string(), z.number()])),
  /** Also write to the offline store (the group must have one). */
  offlineStore: z.optional(z.boolean()),
});

export const BatchGetBodySchema = z.strictObject({
  requests: z
    .array(
      z.strictObject({
        featureGroup: FeatureGroupNameSchema,
        recordIds: z.array(RecordIdSchema).check(z.minLength(1)),
        features: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
      }),
    )
    .check(z.minLength(1), z.maxLength(100)),
});

export const DeleteRecordQuerySchema = z.strictObject({ eventTime: z.optional(z.string().check(z.minLength(1))) });
