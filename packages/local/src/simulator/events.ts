/**
 * The EventBridge events SageMaker sends, built in the shapes of ../shared/fixtures/events:
 * tags as a map, times in epoch milliseconds (strings for jobs, numbers for endpoints),
 * endpoint statuses in UPPER_SNAKE, no variant names and no best training job.
 */
import { randomUUID } from "node:crypto";
import type { BusEvent } from "../event-bus.js";
import type { Endpoint, ProcessingJob } from "./sagemaker.js";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";

function envelope(detailType: string, resources: string[], detail: unknown, now: number): BusEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": detailType,
    source: "aws.sagemaker",
    account: ACCOUNT,
    time: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: REGION,
    resources,
    detail,
  };
}

/** `InService` → `IN_SERVICE`, as endpoint events spell it. */
export function toEventStatus(status: string): string {
  return status.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

const toMillis = (epochSeconds: unknown) => Math.round(Number(epochSeconds) * 1000);

export function tuningJobEvent(
  described: Record<string, unknown>,
  tags: Record<string, string>,
  now: number,
): BusEvent {
  const arn = described.HyperParameterTuningJobArn as string;
  return envelope(
    "SageMaker HyperParameter Tuning Job State Change",
    [arn],
    {
      HyperParameterTuningJobName: described.HyperParameterTuningJobName,
      HyperParameterTuningJobArn: arn,
      TrainingJobDefinition: described.TrainingJobDefinition,
      HyperParameterTuningJobStatus: described.HyperParameterTuningJobStatus,
      CreationTime: String(toMillis(described.CreationTime)),
      LastModifiedTime: String(toMillis(described.LastModifiedTime)),
      TrainingJobStatusCounters: described.TrainingJobStatusCounters,
      ObjectiveStatusCounters: described.ObjectiveStatusCounters,
      Tags: tags,
    },
    now,
  );
}

export function endpointEvent(endpoint: Endpoint, tags: Record<string, string>, now: number): BusEvent {
  const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${endpoint.name.toLowerCase()}`;
  return envelope(
    "SageMaker Endpoint State Change",
    [arn],
    {
      EndpointName: endpoint.name,
      EndpointArn: arn,
      EndpointConfigName: endpoint.configName,
      ProductionVariants: endpoint.variants.map((v) => ({
        DesiredWeight: v.desiredWeight,
        DesiredInstanceCount: v.desiredInstanceCount,
      })),
      EndpointStatus: toEventStatus(endpoint.status),
      ...(endpoint.failureReason ? { FailureReason: endpoint.failureReason } : {}),
      CreationTime: endpoint.createdAt,
      LastModifiedTime: endpoint.modifiedAt,
      Tags: tags,
    },
    now,
  );
}

export function processingJobEvent(job: ProcessingJob, now: number): BusEvent {
  const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:processing-job/${job.name}`;
  // Like AWS, the event carries neither ExitMessage nor MonitoringScheduleArn: consumers call DescribeProcessingJob.
  return envelope(
    "SageMaker Processing Job State Change",
    [arn],
    {
      ProcessingInputs: [
        {
          InputName: "endpointdata",
          S3Input: {
            S3Uri: `s3://sim-monitoring/datacapture/${job.endpoint}`,
            LocalPath: "/opt/ml/processing/endpointdata",
            S3DataType: "S3Prefix",
            S3InputMode: "File",
            S3DataDistributionType: "FullyReplicated",
          },
        },
      ],
      ProcessingOutputConfig: {
        Outputs: [
          {
            OutputName: "result",
            S3Output: { S3Uri: job.outputUri, LocalPath: "/opt/ml/processing/resultdata", S3UploadMode: "EndOfJob" },
          },
        ],
      },
      ProcessingJobName: job.name,
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20 } },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      AppSpecification: { ImageUri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer" },
      NetworkConfig: { EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: false },
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`,
      ExperimentConfig: {},
      ProcessingJobArn: arn,
      ProcessingJobStatus: job.status,
      ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
      ProcessingEndTime: job.endAt,
      ProcessingStartTime: job.createdAt + 60_000,
      LastModifiedTime: job.endAt + 1000,
      CreationTime: job.createdAt,
    },
    now,
  );
}
