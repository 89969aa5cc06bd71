/**
 * zod schemas for the events the backend consumes, built on the shapes AWS documents
 * (see ../shared/fixtures/README.md): tags arrive as a map or as `[{Key,Value}]`, times as
 * epoch milliseconds in strings or numbers, endpoint statuses in UPPER_SNAKE.
 * Every schema normalises, so the core sees one shape.
 */
import { z } from "zod";
import { DETAIL_TYPES } from "./rules.js";

/** Tags as a map, whichever way the event encoded them. */
export const TagsSchema = z
  .union([z.record(z.string(), z.string()), z.array(z.object({ Key: z.string(), Value: z.string() }))])
  .transform((tags) => (Array.isArray(tags) ? Object.fromEntries(tags.map((t) => [t.Key, t.Value])) : tags));

/** Epoch milliseconds, from a number (`1592411992203.0`) or a quoted string (`"1795161612000"`). */
export const EpochMillisSchema = z.union([
  z.number().finite(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, "expected epoch milliseconds")
    .transform(Number),
]);

/** The EventBridge envelope around a `detail`. */
export function envelope<D extends z.ZodType, T extends string>(detailType: T, detail: D) {
  return z.object({
    version: z.string(),
    id: z.string().min(1),
    "detail-type": z.literal(detailType),
    source: z.string(),
    account: z.string(),
    time: z.iso.datetime({ offset: true }),
    region: z.string(),
    resources: z.array(z.string()),
    detail,
  });
}

export const TUNING_JOB_STATUSES = [
  "InProgress",
  "Completed",
  "Failed",
  "Stopping",
  "Stopped",
  "Deleting",
  "DeleteFailed",
] as const;

export const TuningJobStateDetailSchema = z.object({
  HyperParameterTuningJobName: z.string().min(1).max(32),
  HyperParameterTuningJobArn: z.string().startsWith("arn:"),
  HyperParameterTuningJobStatus: z.enum(TUNING_JOB_STATUSES),
  CreationTime: EpochMillisSchema.optional(),
  LastModifiedTime: EpochMillisSchema.optional(),
  Tags: TagsSchema.default({}),
});
export const TuningJobStateEventSchema = envelope(DETAIL_TYPES.tuningJob, TuningJobStateDetailSchema);
export type TuningJobStateEvent = z.output<typeof TuningJobStateEventSchema>;

/** The API's endpoint statuses (PascalCase), which events spell UPPER_SNAKE. */
export const ENDPOINT_STATUSES = [
  "OutOfService",
  "Creating",
  "Updating",
  "SystemUpdating",
  "RollingBack",
  "InService",
  "Deleting",
  "Deleted",
  "Failed",
  "UpdateRollbackFailed",
] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

const BY_NORMAL_FORM = new Map<string, EndpointStatus>(
  ENDPOINT_STATUSES.map((status) => [status.toUpperCase().replaceAll("_", ""), status]),
);

/**
 * Maps an endpoint status in either casing (`IN_SERVICE`, `InService`) to the API's enum.
 *
 * @example
 * normaliseEndpointStatus("IN_SERVICE"); // "InService"
 */
export function normaliseEndpointStatus(status: string): EndpointStatus | undefined {
  return BY_NORMAL_FORM.get(status.toUpperCase().replaceAll("_", ""));
}

export const EndpointStatusSchema = z.string().transform((status, ctx) => {
  const normal = normaliseEndpointStatus(status);
  if (normal) return normal;
  ctx.addIssue({ code: "custom", message: `unknown endpoint status "${status}"` });
  return z.NEVER;
});

export const EndpointStateDetailSchema = z.object({
  EndpointName: z.string().min(1),
  EndpointArn: z.string().startsWith("arn:").optional(),
  EndpointConfigName: z.string().min(1).optional(),
  EndpointStatus: EndpointStatusSchema,
  FailureReason: z.string().optional(),
  LastModifiedTime: EpochMillisSchema.optional(),
  Tags: TagsSchema.default({}),
});
export const EndpointStateEventSchema = envelope(DETAIL_TYPES.endpoint, EndpointStateDetailSchema);
export type EndpointStateEvent = z.output<typeof EndpointStateEventSchema>;

export const PROCESSING_JOB_STATUSES = ["InProgress", "Completed", "Failed", "Stopping", "Stopped"] as const;

export const ProcessingJobStateDetailSchema = z.object({
  ProcessingJobName: z.string().min(1),
  ProcessingJobArn: z.string().startsWith("arn:"),
  ProcessingJobStatus: z.enum(PROCESSING_JOB_STATUSES),
  ProcessingOutputConfig: z
    .object({
      Outputs: z.array(z.object({ OutputName: z.string(), S3Output: z.object({ S3Uri: z.string() }).optional() })),
    })
    .optional(),
  FailureReason: z.string().optional(),
  ProcessingEndTime: EpochMillisSchema.optional(),
});
export const ProcessingJobStateEventSchema = envelope(DETAIL_TYPES.processingJob, ProcessingJobStateDetailSchema);
export type ProcessingJobStateEvent = z.output<typeof ProcessingJobStateEventSchema>;

const AlarmStateSchema = z.object({
  value: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]),
  reason: z.string().optional(),
  timestamp: z.string().optional(),
});

export const AlarmStateDetailSchema = z.object({
  alarmName: z.string().min(1),
  state: AlarmStateSchema,
  previousState: AlarmStateSchema.optional(),
});
export const AlarmStateEventSchema = envelope(DETAIL_TYPES.alarm, AlarmStateDetailSchema);
export type AlarmStateEvent = z.output<typeof AlarmStateEventSchema>;

export const ScheduledEventSchema = envelope(DETAIL_TYPES.scheduled, z.record(z.string(), z.unknown()));
export type ScheduledEvent = z.output<typeof ScheduledEventSchema>;
