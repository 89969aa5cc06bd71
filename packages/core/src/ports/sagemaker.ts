import type { TuningJobDescription } from "../winner/decision.js";
import type { TrainingJobCandidate } from "../winner/selection.js";

/** What winner selection needs to know about a training job to build a model from it. */
export interface TrainingJobArtifacts {
  readonly name: string;
  readonly image: string;
  readonly modelDataUrl: string;
  readonly roleArn?: string | undefined;
}

export interface ModelSpec {
  readonly name: string;
  readonly image: string;
  readonly modelDataUrl: string;
  readonly executionRoleArn: string;
  readonly tags: Record<string, string>;
}

export interface VariantSpec {
  readonly variantName: string;
  readonly modelName: string;
  readonly weight: number;
  readonly instanceType: string;
  readonly instanceCount: number;
}

/** The SageMaker control plane, as the core uses it. Adapters translate SDK errors. */
export interface SageMakerPort {
  describeTuningJob(name: string): Promise<TuningJobDescription>;
  /** Every training job of the tuning job, all pages. */
  listTrainingJobs(tuningJobName: string): Promise<TrainingJobCandidate[]>;
  describeTrainingJob(name: string): Promise<TrainingJobArtifacts>;
  listTags(resourceArn: string): Promise<Record<string, string>>;
  /** Creates a model; `exists` when a model of that name is already there (a replay). */
  createModel(spec: ModelSpec): Promise<"created" | "exists">;
  /** Creates an endpoint config; `exists` when one of that name is already there. */
  createEndpointConfig(
    name: string,
    variants: readonly VariantSpec[],
    tags: Record<string, string>,
  ): Promise<"created" | "exists">;
  /** Creates an endpoint; `exists` when it is already there. */
  createEndpoint(name: string, configName: string, tags: Record<string, string>): Promise<"created" | "exists">;
  /** The endpoint's status and config, or undefined when there is no such endpoint. */
  describeEndpoint(name: string): Promise<{ status: string; configName: string } | undefined>;
}
