/**
 * The scenario format: a JSON file that seeds and scripts the simulated AWS world
 * (documented in docs/simulator.md). Everything has defaults, so a scenario names only
 * what it needs.
 */
import { z } from "zod";

const name = z.string().min(1).max(63);

export const FeatureGroupSpecSchema = z.object({
  name,
  recordIdentifierFeatureName: z.string().min(1),
  eventTimeFeatureName: z.string().min(1),
  featureDefinitions: z
    .array(z.object({ name: z.string().min(1), type: z.enum(["String", "Integral", "Fractional"]) }))
    .min(1),
  offlineStore: z.boolean().default(false),
  records: z.array(z.record(z.string(), z.string())).default([]),
});

export const TrainingJobSpecSchema = z.object({
  name: z.string().min(1),
  status: z.enum(["Completed", "Failed", "Stopped"]).default("Completed"),
  /** The final objective metric; absent (or objectiveStatus Failed) means the objective failed. */
  objective: z.number().optional(),
  objectiveStatus: z.enum(["Succeeded", "Failed"]).optional(),
  hyperParameters: z.record(z.string(), z.string()).default({}),
  /** Seconds after the tuning job starts that this training job ends (defaults spread them out). */
  endSeconds: z.number().nonnegative().optional(),
  image: z.string().optional(),
  modelDataUrl: z.string().optional(),
});

export const TuningJobSpecSchema = z.object({
  name: z.string().min(1).max(32),
  objective: z.object({ type: z.enum(["Maximize", "Minimize"]), metric: z.string().min(1) }),
  tags: z.record(z.string(), z.string()).default({}),
  status: z.enum(["Completed", "Failed", "Stopped"]).default("Completed"),
  durationSeconds: z.number().nonnegative().default(600),
  image: z.string().default("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"),
  roleArn: z.string().default("arn:aws:iam::000000000000:role/sagemaker-execution"),
  trainingJobs: z.array(TrainingJobSpecSchema).default([]),
  /** Overrides what DescribeHyperParameterTuningJob reports as BestTrainingJob: null omits it. */
  reportedBestTrainingJob: z.string().nullable().optional(),
  /** Reports the winner as OverallBestTrainingJob (warm start) instead of BestTrainingJob. */
  warmStartBest: z.string().optional(),
});

export const VariantSpecSchema = z.object({
  name: z.string().min(1),
  model: z.string().min(1),
  weight: z.number().nonnegative().default(1),
  instanceType: z.string().default("ml.m5.large"),
  instanceCount: z.number().int().positive().default(1),
});

export const ScenarioSchema = z.strictObject({
  featureGroups: z.array(FeatureGroupSpecSchema).default([]),
  models: z
    .array(
      z.object({
        name,
        image: z.string().default("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"),
        modelDataUrl: z.string().default("s3://models/model.tar.gz"),
        executionRoleArn: z.string().default("arn:aws:iam::000000000000:role/sagemaker-execution"),
      }),
    )
    .default([]),
  endpoints: z
    .array(z.object({ name, configName: z.string().optional(), variants: z.array(VariantSpecSchema).min(1) }))
    .default([]),
  tuningJobs: z.array(TuningJobSpecSchema).default([]),
  monitoringSchedules: z
    .array(
      z.object({
        name,
        endpoint: z.string().min(1),
        type: z.enum(["DataQuality", "ModelQuality", "ModelBias", "ModelExplainability"]).default("DataQuality"),
        executions: z
          .array(
            z.object({
              atSeconds: z.number().nonnegative(),
              status: z.enum(["Completed", "CompletedWithViolations", "Failed"]),
              violations: z
                .array(
                  z.object({
                    feature_name: z.string(),
                    constraint_check_type: z.string(),
                    description: z.string().default(""),
                  }),
                )
                .default([]),
              /** A raw report body, to script a malformed constraint_violations.json. */
              rawReport: z.string().optional(),
              failureReason: z.string().optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  faults: z
    .object({
      /** Probability (0..1) that a call to the operation answers ThrottlingException. */
      throttle: z.record(z.string(), z.number().min(0).max(1)).default({}),
      /** Extra latency per operation, milliseconds of real time. */
      latencyMs: z.record(z.string(), z.number().nonnegative().max(30_000)).default({}),
      /** The next call to the operation fails once with this error type. */
      failOnce: z.record(z.string(), z.string()).default({}),
      /** Endpoint updates that fail and roll back to the previous config: endpoint name → reason. */
      failEndpointUpdates: z.record(z.string(), z.string()).default({}),
      /** Fraction (0..1) of BatchGetRecord identifiers answered as UnprocessedIdentifiers on the first try. */
      batchUnprocessed: z.number().min(0).max(1).default(0),
      /** Seed of the pseudo-random faults, so a run can be repeated. */
      seed: z.number().int().default(42),
    })
    .default({ throttle: {}, latencyMs: {}, failOnce: {}, failEndpointUpdates: {}, batchUnprocessed: 0, seed: 42 }),
  timing: z
    .object({
      endpointCreateSeconds: z.number().nonnegative().default(300),
      endpointUpdateSeconds: z.number().nonnegative().default(240),
      weightsUpdateSeconds: z.number().nonnegative().default(30),
    })
    .default({ endpointCreateSeconds: 300, endpointUpdateSeconds: 240, weightsUpdateSeconds: 30 }),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type FaultsInput = z.input<typeof ScenarioSchema>["faults"];
