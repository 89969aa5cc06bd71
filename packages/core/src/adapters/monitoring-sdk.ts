/** The MonitoringPort over the SageMaker and S3 clients. */
import { GetObjectCommand, NoSuchKey, type S3Client } from "@aws-sdk/client-s3";
import {
  DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  ListMonitoringExecutionsCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import type { MonitoringExecutionInfo, MonitoringPort } from "../ports/alerts.js";

export class SdkMonitoring implements MonitoringPort {
  constructor(
    private readonly sagemaker: SageMakerClient,
    private readonly s3: S3Client,
  ) {}

  async describeExecution(processingJobName: string): Promise<MonitoringExecutionInfo | undefined> {
    const job = await this.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: processingJobName }));
    // A Model Monitor execution is known by the schedule that launched it, not by its name.
    const scheduleArn = job.MonitoringScheduleArn;
    if (!scheduleArn) return undefined;
    const scheduleName = scheduleArn.slice(scheduleArn.lastIndexOf("/") + 1);
    const schedule = await this.sagemaker.send(
      new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: scheduleName }),
    );
    const scheduleRealName = schedule.MonitoringScheduleName ?? scheduleName;
    const executions = await this.sagemaker.send(
      new ListMonitoringExecutionsCommand({ MonitoringScheduleName: scheduleRealName, MaxResults: 100 }),
    );
    const execution = executions.MonitoringExecutionSummaries?.find(
      (e) => e.ProcessingJobArn?.toLowerCase() === job.ProcessingJobArn?.toLowerCase(),
    );
    const status =
      execution?.MonitoringExecutionStatus ??
      (job.ExitMessage?.startsWith("CompletedWithViolations")
        ? "CompletedWithViolations"
        : (job.ProcessingJobStatus ?? "Unknown"));
    const output =
      job.ProcessingOutputConfig?.Outputs?.find((o) => o.OutputName === "result") ??
      job.ProcessingOutputConfig?.Outputs?.[0];
    return {
      processingJobName,
      processingJobArn: job.ProcessingJobArn ?? "",
      scheduleName: scheduleRealName,
      endpoint: schedule.EndpointName ?? execution?.EndpointName ?? "unknown",
      status,
      failureReason: job.FailureReason ?? execution?.FailureReason,
      outputUri: output?.S3Output?.S3Uri,
      endedAt: (job.ProcessingEndTime ?? job.LastModifiedTime ?? new Date(0)).toISOString(),
    };
  }

  async readObject(uri: string): Promise<string | undefined> {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!match) return undefined;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
      return await out.Body?.transformToString();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }
}
