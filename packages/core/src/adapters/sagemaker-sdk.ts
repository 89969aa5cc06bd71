/** The SageMakerPort over the AWS SDK v3 SageMaker client; SDK errors become answers or domain errors here. */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  type DescribeHyperParameterTuningJobCommandOutput,
  DescribeTrainingJobCommand,
  type HyperParameterTrainingJobSummary,
  ListTagsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  type SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from "@aws-sdk/client-sagemaker";
import { NotFoundError } from "../errors.js";
import type { ConfigVariant, EndpointView, RolloutSageMakerPort } from "../ports/rollout.js";
import type { ModelSpec, SageMakerPort, TrainingJobArtifacts, VariantSpec } from "../ports/sagemaker.js";
import type { TuningJobDescription } from "../winner/decision.js";
import type { TrainingJobCandidate } from "../winner/selection.js";

const toTags = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? "";
}

function alreadyExists(error: unknown): boolean {
  const message = (error as { message?: string })?.message ?? "";
  return (
    errorName(error) === "ResourceInUse" ||
    (errorName(error) === "ValidationException" && /already existing/i.test(message))
  );
}

function notFound(error: unknown): boolean {
  const message = (error as { message?: string })?.message ?? "";
  return (
    errorName(error) === "ResourceNotFound" ||
    (errorName(error) === "ValidationException" && /could not find/i.test(message))
  );
}

function toCandidate(summary: HyperParameterTrainingJobSummary | undefined): TrainingJobCandidate | undefined {
  if (!summary?.TrainingJobName) return undefined;
  return {
    name: summary.TrainingJobName,
    status: summary.TrainingJobStatus ?? "Unknown",
    objectiveStatus: summary.ObjectiveStatus,
    objectiveValue: summary.FinalHyperParameterTuningJobObjectiveMetric?.Value,
    endTime: summary.TrainingEndTime?.getTime(),
  };
}

export class SdkSageMaker implements SageMakerPort, RolloutSageMakerPort {
  constructor(private readonly client: SageMakerClient) {}

  async describeTuningJob(name: string): Promise<TuningJobDescription> {
    let described: DescribeHyperParameterTuningJobCommandOutput;
    try {
      described = await this.client.send(
        new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }),
      );
    } catch (error) {
      if (notFound(error)) throw new NotFoundError(`Tuning job ${name} does not exist`, { cause: error });
      throw error;
    }
    const objective = described.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective;
    return {
      name,
      status: described.HyperParameterTuningJobStatus ?? "Unknown",
      objective: {
        type: objective?.Type === "Minimize" ? "Minimize" : "Maximize",
        metricName: objective?.MetricName ?? "",
      },
      best: toCandidate(described.BestTrainingJob),
      bestMetricName: described.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric?.MetricName,
      overallBest: toCandidate(described.OverallBestTrainingJob),
      overallBestMetricName: described.OverallBestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric?.MetricName,
    };
  }

  async listTrainingJobs(tuningJobName: string): Promise<TrainingJobCandidate[]> {
    const jobs: TrainingJobCandidate[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListTrainingJobsForHyperParameterTuningJobCommand({
          HyperParameterTuningJobName: tuningJobName,
          MaxResults: 100,
          NextToken,
        }),
      );
      for (const summary of page.TrainingJobSummaries ?? []) {
        const candidate = toCandidate(summary);
        if (candidate) jobs.push(candidate);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return jobs;
  }

  async describeTrainingJob(name: string): Promise<TrainingJobArtifacts> {
    const job = await this.client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    const image = job.AlgorithmSpecification?.TrainingImage;
    const modelDataUrl = job.ModelArtifacts?.S3ModelArtifacts;
    if (!image || !modelDataUrl) throw new NotFoundError(`Training job ${name} has no image or model artifacts`);
    return { name, image, modelDataUrl, roleArn: job.RoleArn };
  }

  async listTags(resourceArn: string): Promise<Record<string, string>> {
    const out = await this.client.send(new ListTagsCommand({ ResourceArn: resourceArn }));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  }

  async createModel(spec: ModelSpec): Promise<"created" | "exists"> {
    try {
      await this.client.send(
        new CreateModelCommand({
          ModelName: spec.name,
          PrimaryContainer: { Image: spec.image, ModelDataUrl: spec.modelDataUrl },
          ExecutionRoleArn: spec.executionRoleArn,
          Tags: toTags(spec.tags),
        }),
      );
      return "created";
    } catch (error) {
      if (alreadyExists(error)) return "exists";
      throw error;
    }
  }

  async createEndpointConfig(
    name: string,
    variants: readonly VariantSpec[],
    tags: Record<string, string>,
  ): Promise<"created" | "exists"> {
    try {
      await this.client.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: name,
          ProductionVariants: variants.map((v) => ({
            VariantName: v.variantName,
            ModelName: v.modelName,
            InitialVariantWeight: v.weight,
            InstanceType: v.instanceType as never,
            InitialInstanceCount: v.instanceCount,
          })),
          Tags: toTags(tags),
        }),
      );
      return "created";
    } catch (error) {
      if (alreadyExists(error)) return "exists";
      throw error;
    }
  }

  async createEndpoint(name: string, configName: string, tags: Record<string, string>): Promise<"created" | "exists"> {
    try {
      await this.client.send(
        new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: configName, Tags: toTags(tags) }),
      );
      return "created";
    } catch (error) {
      if (alreadyExists(error)) return "exists";
      throw error;
    }
  }

  async describeEndpoint(name: string): Promise<{ status: string; configName: string } | undefined> {
    try {
      const out = await this.client.send(new DescribeEndpointCommand({ EndpointName: name }));
      return { status: out.EndpointStatus ?? "Unknown", configName: out.EndpointConfigName ?? "" };
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async describeEndpointView(name: string): Promise<EndpointView | undefined> {
    try {
      const out = await this.client.send(new DescribeEndpointCommand({ EndpointName: name }));
      return {
        status: out.EndpointStatus ?? "Unknown",
        configName: out.EndpointConfigName ?? "",
        variants: (out.ProductionVariants ?? []).map((v) => ({
          variantName: v.VariantName ?? "",
          currentWeight: v.CurrentWeight ?? 0,
          desiredWeight: v.DesiredWeight ?? v.CurrentWeight ?? 0,
          currentInstanceCount: v.CurrentInstanceCount ?? 0,
        })),
      };
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async describeEndpointConfig(name: string): Promise<ConfigVariant[] | undefined> {
    try {
      const out = await this.client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
      return (out.ProductionVariants ?? []).map((v) => ({
        variantName: v.VariantName ?? "",
        modelName: v.ModelName ?? "",
        instanceType: v.InstanceType ?? "ml.m5.large",
        instanceCount: v.InitialInstanceCount ?? 1,
      }));
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async updateEndpoint(name: string, configName: string): Promise<void> {
    await this.client.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: configName }));
  }

  async updateEndpointWeights(name: string, weights: Readonly<Record<string, number>>): Promise<void> {
    await this.client.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: name,
        DesiredWeightsAndCapacities: Object.entries(weights).map(([VariantName, DesiredWeight]) => ({
          VariantName,
          DesiredWeight,
        })),
      }),
    );
  }

  async deleteEndpointConfig(name: string): Promise<void> {
    await this.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
  }

  async deleteModel(name: string): Promise<void> {
    await this.client.send(new DeleteModelCommand({ ModelName: name }));
  }
}
