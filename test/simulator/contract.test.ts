import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  AddTagsCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateHyperParameterTuningJobCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeFeatureGroupCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  ListEndpointsCommand,
  ListFeatureGroupsCommand,
  ListMonitoringExecutionsCommand,
  ListTagsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  ResourceLimitExceeded,
  ResourceNotFound,
  SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from "@aws-sdk/client-sagemaker";
import {
  BatchGetRecordCommand,
  DeleteRecordCommand,
  ResourceNotFound as FeatureGroupNotFound,
  GetRecordCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from "@aws-sdk/client-sagemaker-featurestore-runtime";
import type { BusEvent } from "@sagemaker-lifecycle/local/event-bus";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import type { ScenarioInput } from "@sagemaker-lifecycle/local/simulator/scenario";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerRecords, customersGroup } from "../support/feature-groups.js";
import { fixture } from "../support/fixtures.js";
import { clientConfig, startTestRuntime } from "../support/local.js";

let runtime: LocalRuntime;
let sagemaker: SageMakerClient;
let featureStore: SageMakerFeatureStoreRuntimeClient;
let autoScaling: ApplicationAutoScalingClient;
let s3: S3Client;
const published: BusEvent[] = [];

const scenario: ScenarioInput = {
  featureGroups: [customersGroup(customerRecords(150))],
  models: [{ name: "churn-v1", modelDataUrl: "s3://models/churn-v1/model.tar.gz" }],
  endpoints: [{ name: "churn-prod", variants: [{ name: "champion", model: "churn-v1", instanceCount: 2 }] }],
  tuningJobs: [
    {
      name: "churn-hpo-1",
      objective: { type: "Maximize", metric: "validation:auc" },
      // Not tagged for an endpoint: winner selection must leave this world's endpoints alone.
      tags: { project: "churn" },
      durationSeconds: 600,
      trainingJobs: [
        { name: "churn-hpo-1-001-aaaaaaaa", objective: 0.88 },
        { name: "churn-hpo-1-002-bbbbbbbb", objective: 0.91 },
        { name: "churn-hpo-1-003-cccccccc", status: "Failed" },
        { name: "churn-hpo-1-004-dddddddd", objective: 0.95, objectiveStatus: "Failed" },
      ],
    },
  ],
  monitoringSchedules: [
    {
      name: "churn-prod-data-quality",
      endpoint: "churn-prod",
      executions: [
        {
          atSeconds: 3600,
          status: "CompletedWithViolations",
          violations: [
            {
              feature_name: "ltv",
              constraint_check_type: "baseline_drift_check",
              description: "distance: 0.3 exceeds threshold: 0.1",
            },
          ],
        },
      ],
    },
  ],
  timing: { endpointCreateSeconds: 300, endpointUpdateSeconds: 240, weightsUpdateSeconds: 30 },
};

beforeAll(async () => {
  runtime = await startTestRuntime();
  runtime.bus.subscribe((event) => published.push(event));
  const config = clientConfig(runtime);
  sagemaker = new SageMakerClient(config);
  featureStore = new SageMakerFeatureStoreRuntimeClient(config);
  autoScaling = new ApplicationAutoScalingClient(config);
  s3 = new S3Client({ ...config, forcePathStyle: true });
  const response = await fetch(`${runtime.edgeUrl}/_sim/scenario`, { method: "POST", body: JSON.stringify(scenario) });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  for (const client of [sagemaker, featureStore, autoScaling, s3]) client.destroy();
  await runtime.stop();
});

async function faults(body: unknown) {
  await fetch(`${runtime.edgeUrl}/_sim/faults`, { method: "POST", body: JSON.stringify(body) });
}

async function calls(): Promise<Record<string, number>> {
  return ((await (await fetch(`${runtime.edgeUrl}/_sim/calls`)).json()) as { calls: Record<string, number> }).calls;
}

const detailKeys = (event: { detail: unknown }) => Object.keys(event.detail as object).sort();

describe("tuning and training jobs", () => {
  it("runs a tuning job to its scripted end on the local clock and picks the best job by the objective", async () => {
    // Prepare
    const before = await sagemaker.send(
      new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: "churn-hpo-1" }),
    );
    // Act
    await runtime.clock.advance(600);
    await runtime.bus.idle();
    const after = await sagemaker.send(
      new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: "churn-hpo-1" }),
    );
    // Assess
    expect(before.HyperParameterTuningJobStatus).toBe("InProgress");
    expect(before.BestTrainingJob).toBeUndefined();
    expect(after.HyperParameterTuningJobStatus).toBe("Completed");
    expect(after.BestTrainingJob?.TrainingJobName).toBe("churn-hpo-1-002-bbbbbbbb");
    expect(after.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric?.Value).toBe(0.91);
    expect(after.TrainingJobStatusCounters).toMatchObject({ Completed: 3, NonRetryableError: 1 });
    expect(after.ObjectiveStatusCounters).toMatchObject({ Succeeded: 2, Failed: 2 });
  });

  it("publishes the tuning-job event in the fixture's shape: tags as a map, epoch-ms strings, no best job", () => {
    const event = published.find((e) => e["detail-type"] === "SageMaker HyperParameter Tuning Job State Change");
    const reference = fixture<{ detail: Record<string, unknown> }>("events/tuning-job-completed.json");
    expect(event).toBeDefined();
    expect(detailKeys(event as BusEvent)).toEqual(detailKeys(reference));
    const detail = (event as BusEvent).detail as Record<string, unknown>;
    expect(detail.Tags).toEqual({ project: "churn" });
    expect(detail.CreationTime).toMatch(/^\d{13}$/);
    expect(detail).not.toHaveProperty("BestTrainingJob");
  });

  it("pages ListTrainingJobsForHyperParameterTuningJob", async () => {
    const first = await sagemaker.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: "churn-hpo-1",
        MaxResults: 3,
      }),
    );
    const second = await sagemaker.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: "churn-hpo-1",
        MaxResults: 3,
        NextToken: first.NextToken,
      }),
    );
    expect(first.TrainingJobSummaries).toHaveLength(3);
    expect(second.TrainingJobSummaries).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const failedObjective = [...(first.TrainingJobSummaries ?? []), ...(second.TrainingJobSummaries ?? [])].find(
      (t) => t.TrainingJobName === "churn-hpo-1-004-dddddddd",
    );
    expect(failedObjective).toMatchObject({ TrainingJobStatus: "Completed", ObjectiveStatus: "Failed" });
    expect(failedObjective?.FinalHyperParameterTuningJobObjectiveMetric).toBeUndefined();
  });

  it("describes a training job with its artifacts", async () => {
    const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: "churn-hpo-1-002-bbbbbbbb" }));
    expect(job.ModelArtifacts?.S3ModelArtifacts).toBe(
      "s3://sim-models/churn-hpo-1/churn-hpo-1-002-bbbbbbbb/output/model.tar.gz",
    );
    expect(job.AlgorithmSpecification?.TrainingImage).toContain("xgboost");
  });

  it("raises ResourceNotFound for an unknown tuning job", async () => {
    await expect(
      sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: "nope" })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
  });
});

describe("models, endpoints and their state machine", () => {
  it("creates a model and refuses a second one with the same name, as SageMaker does", async () => {
    const input = {
      ModelName: "churn-v2",
      PrimaryContainer: { Image: "img", ModelDataUrl: "s3://m/v2.tar.gz" },
      ExecutionRoleArn: "arn:aws:iam::000000000000:role/r",
    };
    await sagemaker.send(new CreateModelCommand(input));
    await expect(sagemaker.send(new CreateModelCommand(input))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("already existing model"),
    });
    expect(
      (await sagemaker.send(new DescribeModelCommand({ ModelName: "churn-v2" }))).PrimaryContainer?.ModelDataUrl,
    ).toBe("s3://m/v2.tar.gz");
  });

  it("moves an updated endpoint Updating → InService and rejects changes while it is busy", async () => {
    // Prepare
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "churn-prod-config-2",
        ProductionVariants: [
          {
            VariantName: "champion",
            ModelName: "churn-v1",
            InitialVariantWeight: 80,
            InstanceType: "ml.m5.large",
            InitialInstanceCount: 2,
          },
          {
            VariantName: "challenger",
            ModelName: "churn-v2",
            InitialVariantWeight: 20,
            InstanceType: "ml.m5.large",
            InitialInstanceCount: 1,
          },
        ],
      }),
    );
    // Act
    await sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: "churn-prod", EndpointConfigName: "churn-prod-config-2" }),
    );
    const updating = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "churn-prod" }));
    const busy = sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: "churn-prod",
        DesiredWeightsAndCapacities: [{ VariantName: "champion", DesiredWeight: 50 }],
      }),
    );
    await expect(busy).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Updating"),
    });
    await runtime.clock.advance(240);
    const live = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "churn-prod" }));
    // Assess
    expect(updating.EndpointStatus).toBe("Updating");
    expect(live.EndpointStatus).toBe("InService");
    expect(live.EndpointConfigName).toBe("churn-prod-config-2");
    expect(live.ProductionVariants?.map((v) => [v.VariantName, v.CurrentWeight])).toEqual([
      ["champion", 80],
      ["challenger", 20],
    ]);
    const inService = published
      .filter((e) => e["detail-type"] === "SageMaker Endpoint State Change")
      .at(-1) as BusEvent;
    const reference = fixture<{ detail: Record<string, unknown> }>("events/endpoint-in-service.json");
    expect(detailKeys(inService)).toEqual(detailKeys(reference));
    expect(inService.detail).toMatchObject({ EndpointStatus: "IN_SERVICE", EndpointConfigName: "churn-prod-config-2" });
    expect(JSON.stringify(inService.detail)).not.toContain("VariantName");
  });

  it("shifts variant weights with UpdateEndpointWeightsAndCapacities", async () => {
    await sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: "churn-prod",
        DesiredWeightsAndCapacities: [
          { VariantName: "champion", DesiredWeight: 50 },
          { VariantName: "challenger", DesiredWeight: 50 },
        ],
      }),
    );
    const during = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "churn-prod" }));
    await runtime.clock.advance(30);
    const after = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "churn-prod" }));
    expect(during.EndpointStatus).toBe("Updating");
    expect(during.ProductionVariants?.find((v) => v.VariantName === "challenger")).toMatchObject({
      CurrentWeight: 20,
      DesiredWeight: 50,
    });
    expect(after.ProductionVariants?.map((v) => v.CurrentWeight)).toEqual([50, 50]);
  });

  it("rolls a failed update back to the previous config, as SageMaker does", async () => {
    // Prepare
    await faults({ failEndpointUpdates: { "churn-prod": "Insufficient capacity for ml.m5.large" } });
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "churn-prod-config-3",
        ProductionVariants: [
          {
            VariantName: "challenger",
            ModelName: "churn-v2",
            InitialVariantWeight: 1,
            InstanceType: "ml.m5.large",
            InitialInstanceCount: 1,
          },
        ],
      }),
    );
    // Act
    await sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: "churn-prod", EndpointConfigName: "churn-prod-config-3" }),
    );
    await runtime.clock.advance(240);
    const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "churn-prod" }));
    // Assess
    expect(endpoint.EndpointStatus).toBe("InService");
    expect(endpoint.EndpointConfigName).toBe("churn-prod-config-2");
    expect(endpoint.FailureReason).toContain("Insufficient capacity");
    const last = published.filter((e) => e["detail-type"] === "SageMaker Endpoint State Change").at(-1) as BusEvent;
    expect(last.detail).toMatchObject({ EndpointStatus: "IN_SERVICE", EndpointConfigName: "churn-prod-config-2" });
  });

  it("creates a new endpoint Creating → InService", async () => {
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "fraud-config-1",
        ProductionVariants: [
          {
            VariantName: "main",
            ModelName: "churn-v1",
            InitialVariantWeight: 1,
            InstanceType: "ml.m5.large",
            InitialInstanceCount: 1,
          },
        ],
      }),
    );
    await sagemaker.send(new CreateEndpointCommand({ EndpointName: "fraud", EndpointConfigName: "fraud-config-1" }));
    expect((await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "fraud" }))).EndpointStatus).toBe(
      "Creating",
    );
    await runtime.clock.advance(300);
    expect((await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "fraud" }))).EndpointStatus).toBe(
      "InService",
    );
    const listed = await sagemaker.send(new ListEndpointsCommand({}));
    expect(listed.Endpoints?.map((e) => e.EndpointName).sort()).toEqual(["churn-prod", "fraud"]);
  });

  it("keeps tags per resource", async () => {
    const resourceArn = "arn:aws:sagemaker:us-east-1:000000000000:model/churn-v2";
    await sagemaker.send(new AddTagsCommand({ ResourceArn: resourceArn, Tags: [{ Key: "team", Value: "ml" }] }));
    const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: resourceArn }));
    expect(tags.Tags).toEqual([{ Key: "team", Value: "ml" }]);
    const tuning = await sagemaker.send(
      new ListTagsCommand({
        ResourceArn: "arn:aws:sagemaker:us-east-1:000000000000:hyper-parameter-tuning-job/churn-hpo-1",
      }),
    );
    expect(tuning.Tags).toEqual([{ Key: "project", Value: "churn" }]);
  });
});

describe("faults", () => {
  it("answers ThrottlingException, which the SDK retries on its own", async () => {
    // Prepare
    await faults({ failOnce: { DescribeModel: "ThrottlingException" } });
    const before = (await calls())["SageMaker.DescribeModel"] ?? 0;
    // Act
    const model = await sagemaker.send(new DescribeModelCommand({ ModelName: "churn-v1" }));
    // Assess
    expect(model.ModelName).toBe("churn-v1");
    expect((await calls())["SageMaker.DescribeModel"]).toBe(before + 2);
  });

  it("raises the SDK's own error classes for one-shot failures", async () => {
    await faults({ failOnce: { DeleteModel: "ResourceLimitExceeded", DescribeModel: "ConflictException" } });
    await expect(sagemaker.send(new DeleteModelCommand({ ModelName: "churn-v2" }))).rejects.toBeInstanceOf(
      ResourceLimitExceeded,
    );
    await expect(sagemaker.send(new DescribeModelCommand({ ModelName: "churn-v1" }))).rejects.toMatchObject({
      name: "ConflictException",
      $metadata: { httpStatusCode: 409 },
    });
  });

  it("throttles at a rate until the SDK gives up", async () => {
    await faults({ throttle: { ListEndpoints: 1 } });
    await expect(sagemaker.send(new ListEndpointsCommand({}))).rejects.toMatchObject({ name: "ThrottlingException" });
    await faults({ throttle: { ListEndpoints: 0 } });
  });
});

describe("Feature Store runtime", () => {
  it("reads, writes and deletes records as strings", async () => {
    const read = await featureStore.send(
      new GetRecordCommand({
        FeatureGroupName: "customers",
        RecordIdentifierValueAsString: "c-1",
        FeatureNames: ["ltv"],
      }),
    );
    expect(read.Record).toEqual([{ FeatureName: "ltv", ValueAsString: "1.5" }]);
    await featureStore.send(
      new PutRecordCommand({
        FeatureGroupName: "customers",
        Record: [
          { FeatureName: "customer_id", ValueAsString: "c-new" },
          { FeatureName: "ltv", ValueAsString: "9.25" },
          { FeatureName: "event_time", ValueAsString: "2026-11-21T00:00:00Z" },
        ],
      }),
    );
    const written = await featureStore.send(
      new GetRecordCommand({ FeatureGroupName: "customers", RecordIdentifierValueAsString: "c-new" }),
    );
    expect(written.Record).toContainEqual({ FeatureName: "ltv", ValueAsString: "9.25" });
    await featureStore.send(
      new DeleteRecordCommand({
        FeatureGroupName: "customers",
        RecordIdentifierValueAsString: "c-new",
        EventTime: "2026-11-22T00:00:00Z",
      }),
    );
    const gone = await featureStore.send(
      new GetRecordCommand({ FeatureGroupName: "customers", RecordIdentifierValueAsString: "c-new" }),
    );
    expect(gone.Record).toBeUndefined();
  });

  it("raises ResourceNotFound for an unknown feature group", async () => {
    await expect(
      featureStore.send(new GetRecordCommand({ FeatureGroupName: "nope", RecordIdentifierValueAsString: "x" })),
    ).rejects.toBeInstanceOf(FeatureGroupNotFound);
  });

  it("takes at most 100 identifiers per BatchGetRecord and reports unprocessed ones", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `c-${i}`);
    await expect(
      featureStore.send(
        new BatchGetRecordCommand({
          Identifiers: [{ FeatureGroupName: "customers", RecordIdentifiersValueAsString: ids(101) }],
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationError" });
    await faults({ batchUnprocessed: 0.5 });
    const batch = await featureStore.send(
      new BatchGetRecordCommand({
        Identifiers: [
          { FeatureGroupName: "customers", RecordIdentifiersValueAsString: ids(99) },
          { FeatureGroupName: "ghost", RecordIdentifiersValueAsString: ["g-1"] },
        ],
      }),
    );
    await faults({ batchUnprocessed: 0 });
    const unprocessed = batch.UnprocessedIdentifiers?.[0]?.RecordIdentifiersValueAsString ?? [];
    expect(unprocessed.length).toBeGreaterThan(0);
    expect((batch.Records?.length ?? 0) + unprocessed.length).toBe(99);
    expect(batch.Errors).toEqual([
      expect.objectContaining({ FeatureGroupName: "ghost", ErrorCode: "ResourceNotFound" }),
    ]);
  });
});

describe("Application Auto Scaling", () => {
  const target = {
    ServiceNamespace: "sagemaker" as const,
    ResourceId: "endpoint/churn-prod/variant/challenger",
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const,
  };

  it("refuses to remove a registered variant, and deregistering deletes its policies and scheduled actions", async () => {
    // Prepare
    await autoScaling.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }));
    await autoScaling.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: "invocations",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 70,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        },
      }),
    );
    await autoScaling.send(
      new PutScheduledActionCommand({
        ...target,
        ScheduledActionName: "nights",
        Schedule: "cron(0 20 ? * * *)",
        Timezone: "Europe/Berlin",
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
      }),
    );
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "churn-prod-config-4",
        ProductionVariants: [
          {
            VariantName: "champion",
            ModelName: "churn-v1",
            InitialVariantWeight: 1,
            InstanceType: "ml.m5.large",
            InitialInstanceCount: 2,
          },
        ],
      }),
    );
    // Act
    const refused = sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: "churn-prod", EndpointConfigName: "churn-prod-config-4" }),
    );
    await expect(refused).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("deregistered"),
    });
    const before = await autoScaling.send(
      new DescribeScheduledActionsCommand({ ServiceNamespace: "sagemaker", ResourceId: target.ResourceId }),
    );
    await autoScaling.send(new DeregisterScalableTargetCommand(target));
    const after = await autoScaling.send(
      new DescribeScheduledActionsCommand({ ServiceNamespace: "sagemaker", ResourceId: target.ResourceId }),
    );
    await sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: "churn-prod", EndpointConfigName: "churn-prod-config-4" }),
    );
    // Assess
    expect(before.ScheduledActions).toHaveLength(1);
    expect(after.ScheduledActions).toEqual([]);
    await expect(autoScaling.send(new DeregisterScalableTargetCommand(target))).rejects.toBeInstanceOf(
      ObjectNotFoundException,
    );
    await runtime.clock.advance(240);
  });
});

describe("S3 and Model Monitor", () => {
  it("stores and serves objects path-style", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "artifacts", Key: "a/b.json", Body: '{"x":1}' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: "artifacts", Key: "a/b.json" }));
    expect(await object.Body?.transformToString()).toBe('{"x":1}');
    await expect(s3.send(new GetObjectCommand({ Bucket: "artifacts", Key: "missing" }))).rejects.toBeInstanceOf(
      NoSuchKey,
    );
  });

  it("runs a monitoring execution at its offset: report in S3, a Completed processing-job event, CompletedWithViolations in the API", async () => {
    // Prepare: the scenario's execution runs 3600 s after load; the clock has moved 1,010 s so far
    const before = published.length;
    // Act
    await runtime.clock.advance(3600);
    // Assess
    const event = published
      .slice(before)
      .find((e) => e["detail-type"] === "SageMaker Processing Job State Change") as BusEvent;
    expect(event).toBeDefined();
    const detail = event.detail as {
      ProcessingJobName: string;
      ProcessingJobStatus: string;
      ProcessingOutputConfig: { Outputs: Array<{ S3Output: { S3Uri: string } }> };
    };
    expect(detail.ProcessingJobStatus).toBe("Completed");
    expect(detailKeys(event)).toEqual(detailKeys(fixture("events/processing-job-completed-monitoring.json")));
    const job = await sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: detail.ProcessingJobName }));
    expect(job.MonitoringScheduleArn).toContain("monitoring-schedule/churn-prod-data-quality");
    expect(job.ExitMessage).toContain("CompletedWithViolations");
    const [bucket, ...key] = (detail.ProcessingOutputConfig.Outputs[0]?.S3Output.S3Uri ?? "")
      .replace("s3://", "")
      .split("/");
    const report = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: `${key.join("/")}/constraint_violations.json` }),
    );
    expect(JSON.parse(await (report.Body?.transformToString() ?? "{}"))).toEqual({
      violations: [
        {
          feature_name: "ltv",
          constraint_check_type: "baseline_drift_check",
          description: "distance: 0.3 exceeds threshold: 0.1",
        },
      ],
    });
    const executions = await sagemaker.send(
      new ListMonitoringExecutionsCommand({ MonitoringScheduleName: "churn-prod-data-quality" }),
    );
    expect(executions.MonitoringExecutionSummaries?.[0]?.MonitoringExecutionStatus).toBe("CompletedWithViolations");
  });
});

describe("every other operation", () => {
  it("answers each remaining SageMaker and Application Auto Scaling operation through the real clients", async () => {
    // Tuning jobs created by API run like scripted ones
    await sagemaker.send(
      new CreateHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: "api-hpo",
        HyperParameterTuningJobConfig: {
          Strategy: "Bayesian",
          HyperParameterTuningJobObjective: { Type: "Minimize", MetricName: "validation:rmse" },
          ResourceLimits: { MaxNumberOfTrainingJobs: 3, MaxParallelTrainingJobs: 1 },
        },
        TrainingJobDefinition: {
          AlgorithmSpecification: { TrainingImage: "img", TrainingInputMode: "File" },
          RoleArn: "arn:aws:iam::000000000000:role/r",
          OutputDataConfig: { S3OutputPath: "s3://out/" },
          ResourceConfig: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeSizeInGB: 10 },
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        },
      }),
    );
    await runtime.clock.advance(600);
    const tuned = await sagemaker.send(
      new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: "api-hpo" }),
    );
    expect(tuned.HyperParameterTuningJobStatus).toBe("Completed");
    expect(tuned.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric?.Type).toBe("Minimize");
    // Feature groups and monitoring schedules
    expect(
      (await sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: "customers" })))
        .RecordIdentifierFeatureName,
    ).toBe("customer_id");
    expect(
      (await sagemaker.send(new ListFeatureGroupsCommand({}))).FeatureGroupSummaries?.map((g) => g.FeatureGroupName),
    ).toContain("customers");
    expect(
      (
        await sagemaker.send(
          new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: "churn-prod-data-quality" }),
        )
      ).EndpointName,
    ).toBe("churn-prod");
    // Configs and endpoints, described and deleted
    expect(
      (await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "fraud-config-1" })))
        .ProductionVariants?.[0]?.VariantName,
    ).toBe("main");
    await sagemaker.send(new DeleteEndpointCommand({ EndpointName: "fraud" }));
    await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: "fraud-config-1" }));
    await expect(sagemaker.send(new DescribeEndpointCommand({ EndpointName: "fraud" }))).rejects.toThrow(
      /Could not find endpoint/,
    );
    await expect(
      sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "fraud-config-1" })),
    ).rejects.toThrow(/Could not find/);
    // Scaling policies and scheduled actions, described and deleted
    const target = {
      ServiceNamespace: "sagemaker" as const,
      ResourceId: "endpoint/churn-prod/variant/champion",
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const,
    };
    await autoScaling.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 3 }));
    await autoScaling.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: "p",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 10,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        },
      }),
    );
    await autoScaling.send(
      new PutScheduledActionCommand({
        ...target,
        ScheduledActionName: "s",
        Schedule: "rate(1 day)",
        ScalableTargetAction: { MinCapacity: 1 },
      }),
    );
    expect(
      (
        await autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" }))
      ).ScalableTargets?.map((t) => t.ResourceId),
    ).toContain(target.ResourceId);
    expect(
      (
        await autoScaling.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: target.ResourceId }),
        )
      ).ScalingPolicies,
    ).toHaveLength(1);
    await autoScaling.send(new DeleteScalingPolicyCommand({ ...target, PolicyName: "p" }));
    await autoScaling.send(new DeleteScheduledActionCommand({ ...target, ScheduledActionName: "s" }));
    expect(
      (
        await autoScaling.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: target.ResourceId }),
        )
      ).ScalingPolicies,
    ).toEqual([]);
    await expect(
      autoScaling.send(new DeleteScalingPolicyCommand({ ...target, PolicyName: "p" })),
    ).rejects.toBeInstanceOf(ObjectNotFoundException);
    await autoScaling.send(new DeregisterScalableTargetCommand(target));
  });
});

describe("control", () => {
  it("counts calls per operation and shows the world", async () => {
    const counted = await calls();
    expect(counted["SageMaker.UpdateEndpoint"]).toBeGreaterThanOrEqual(3);
    expect(counted["FeatureStore.BatchGetRecord"]).toBeGreaterThanOrEqual(2);
    const state = (await (await fetch(`${runtime.edgeUrl}/_sim/state`)).json()) as {
      endpoints: Array<{ EndpointName: string }>;
    };
    expect(state.endpoints.map((e) => e.EndpointName)).toContain("churn-prod");
  });

  it("rejects an invalid scenario with the problems", async () => {
    const response = await fetch(`${runtime.edgeUrl}/_sim/scenario`, {
      method: "POST",
      body: JSON.stringify({ tuningJobs: [{ name: "x" }] }),
    });
    const body = (await response.json()) as { error: { details: unknown[] } };
    expect(response.status).toBe(400);
    expect(body.error.details.length).toBeGreaterThan(0);
  });
});
