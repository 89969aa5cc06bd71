import type { Rollout } from "../rollout/machine.js";
import type { RolloutPolicy } from "../rollout/policy.js";

/** A rollout as stored, with its version for optimistic concurrency. */
export interface StoredRollout {
  readonly rollout: Rollout;
  readonly version: number;
}

/** Rollout state in DynamoDB: one active rollout per endpoint, version-checked writes. */
export interface RolloutStore {
  getActive(endpoint: string): Promise<StoredRollout | undefined>;
  listActive(): Promise<StoredRollout[]>;
  /** Active rollouts whose next due time is at or before `now`. */
  listDue(now: Date): Promise<StoredRollout[]>;
  /** Creates the endpoint's active rollout unless one exists; returns the one stored. */
  createIfAbsent(rollout: Rollout): Promise<{ created: boolean; stored: StoredRollout }>;
  /** Saves if the stored version is still `expectedVersion`; false when someone else saved first. */
  save(rollout: Rollout, expectedVersion: number): Promise<boolean>;
  /** Moves a finished rollout to the history and frees the endpoint for the next one. */
  archive(rollout: Rollout, expectedVersion: number): Promise<void>;
  listRecent(limit: number): Promise<Rollout[]>;
  getRolloutPolicy(endpoint: string): Promise<RolloutPolicy | undefined>;
  putRolloutPolicy(endpoint: string, policy: RolloutPolicy): Promise<void>;
  /** Models that were champions of the endpoint before the current one, oldest first. */
  getRetiredModels(endpoint: string): Promise<string[]>;
  putRetiredModels(endpoint: string, models: readonly string[]): Promise<void>;
}

export interface LiveVariant {
  readonly variantName: string;
  readonly currentWeight: number;
  readonly desiredWeight: number;
  readonly currentInstanceCount: number;
}

export interface EndpointView {
  readonly status: string;
  readonly configName: string;
  readonly variants: readonly LiveVariant[];
}

export interface ConfigVariant {
  readonly variantName: string;
  readonly modelName: string;
  readonly instanceType: string;
  readonly instanceCount: number;
}

/** The SageMaker calls the rollout controller makes. */
export interface RolloutSageMakerPort {
  describeEndpointView(name: string): Promise<EndpointView | undefined>;
  describeEndpointConfig(name: string): Promise<ConfigVariant[] | undefined>;
  createEndpointConfig(
    name: string,
    variants: ReadonlyArray<ConfigVariant & { readonly weight: number }>,
    tags: Record<string, string>,
  ): Promise<"created" | "exists">;
  updateEndpoint(name: string, configName: string): Promise<void>;
  updateEndpointWeights(name: string, weights: Readonly<Record<string, number>>): Promise<void>;
  deleteEndpointConfig(name: string): Promise<void>;
  deleteModel(name: string): Promise<void>;
}

/** Application Auto Scaling as the rollout controller needs it: a variant must be deregistered before it is removed. */
export interface VariantScalingPort {
  deregisterVariant(endpoint: string, variant: string): Promise<"deregistered" | "not-registered">;
}
