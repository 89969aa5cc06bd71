/**
 * The simulated SageMaker control plane: tuning and training jobs, models, endpoint
 * configs and endpoints with their state machines, feature groups, monitoring schedules
 * and processing jobs, tags. Operations take and return the JSON 1.1 bodies of the real
 * API; state changes publish the EventBridge events SageMaker sends, in the fixture shapes.
 */
import { AwsServiceError } from "../aws-protocol.js";
import type { LocalClock } from "../clock.js";
import type { BusEvent } from "../event-bus.js";
import type { AutoScalingState } from "./autoscaling.js";
import { endpointEvent, processingJobEvent, tuningJobEvent } from "./events.js";
import type { Faults } from "./faults.js";
import type { ObjectStore } from "./s3.js";
import type { Scenario } from "./scenario.js";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";

export const arn = (type: string, name: string) =>
  `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/${name.toLowerCase()}`;

type Json = Record<string, unknown>;

export interface TrainingJob {
  name: string;
  tuningJob: string;
  status: "InProgress" | "Completed" | "Failed" | "Stopped";
  finalStatus: "Completed" | "Failed" | "Stopped";
  objective: number | undefined;
  objectiveStatus: "Succeeded" | "Failed" | "Pending";
  finalObjectiveStatus: "Succeeded" | "Failed";
  hyperParameters: Record<string, string>;
  createdAt: number;
  endAt: number;
  image: string;
  modelDataUrl: string;
  roleArn: string;
}

export interface TuningJob {
  name: string;
  objective: { type: "Maximize" | "Minimize"; metric: string };
  status: "InProgress" | "Completed" | "Failed" | "Stopped";
  finalStatus: "Completed" | "Failed" | "Stopped";
  createdAt: number;
  endAt: number;
  image: string;
  roleArn: string;
  trainingJobs: string[];
  reportedBestTrainingJob?: string | null;
  warmStartBest?: string;
}

export interface Variant {
  VariantName: string;
  ModelName: string;
  InitialVariantWeight: number;
  InstanceType: string;
  InitialInstanceCount: number;
}

export interface LiveVariant {
  name: string;
  currentWeight: number;
  desiredWeight: number;
  currentInstanceCount: number;
  desiredInstanceCount: number;
}

export interface Endpoint {
  name: string;
  configName: string;
  status: "Creating" | "Updating" | "InService" | "Failed" | "Deleting";
  variants: LiveVariant[];
  failureReason?: string;
  createdAt: number;
  modifiedAt: number;
  /** Bumped on every transition so stale timers do nothing. */
  generation: number;
}

export interface MonitoringExecution {
  processingJobName: string;
  scheduledAt: number;
  status: "Pending" | "Completed" | "CompletedWithViolations" | "Failed";
  failureReason?: string;
  reportUri: string;
  violations: number;
}

export interface MonitoringSchedule {
  name: string;
  endpoint: string;
  type: string;
  createdAt: number;
  executions: MonitoringExecution[];
}

export interface ProcessingJob {
  name: string;
  schedule: string;
  endpoint: string;
  status: "InProgress" | "Completed" | "Failed";
  exitMessage?: string;
  failureReason?: string;
  outputUri: string;
  createdAt: number;
  endAt: number;
}

export interface FeatureGroup {
  name: string;
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  featureDefinitions: Array<{ FeatureName: string; FeatureType: "String" | "Integral" | "Fractional" }>;
  offlineStore: boolean;
  createdAt: number;
  records: Map<string, Map<string, string>>;
}

const seconds = (ms: number) => ms / 1000;

function required<T>(input: Json, key: string): T {
  const value = input[key];
  if (value === undefined || value === null || value === "") {
    throw new AwsServiceError(
      "ValidationException",
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value as T;
}

export class SageMakerSimulator {
  readonly tuningJobs = new Map<string, TuningJob>();
  readonly trainingJobs = new Map<string, TrainingJob>();
  readonly models = new Map<string, Json>();
  readonly endpointConfigs = new Map<string, { name: string; variants: Variant[]; createdAt: number }>();
  readonly endpoints = new Map<string, Endpoint>();
  readonly featureGroups = new Map<string, FeatureGroup>();
  readonly monitoringSchedules = new Map<string, MonitoringSchedule>();
  readonly processingJobs = new Map<string, ProcessingJob>();
  readonly tags = new Map<string, Record<string, string>>();
  timing = { endpointCreateSeconds: 300, endpointUpdateSeconds: 240, weightsUpdateSeconds: 30 };

  constructor(
    private readonly clock: LocalClock,
    private readonly publish: (event: BusEvent) => void,
    private readonly faults: Faults,
    private readonly s3: ObjectStore,
    private readonly autoScaling: AutoScalingState,
  ) {}

  // ---- scenario ----------------------------------------------------------------------

  /** Seeds and scripts the world from a scenario (adds to what is there). */
  load(scenario: Scenario): void {
    this.timing = { ...scenario.timing };
    const now = this.clock.now();
    for (const group of scenario.featureGroups) {
      const records = new Map<string, Map<string, string>>();
      for (const record of group.records) {
        const id = record[group.recordIdentifierFeatureName];
        if (id !== undefined) records.set(id, new Map(Object.entries(record)));
      }
      this.featureGroups.set(group.name, {
        name: group.name,
        recordIdentifierFeatureName: group.recordIdentifierFeatureName,
        eventTimeFeatureName: group.eventTimeFeatureName,
        featureDefinitions: group.featureDefinitions.map((d) => ({ FeatureName: d.name, FeatureType: d.type })),
        offlineStore: group.offlineStore,
        createdAt: now,
        records,
      });
    }
    for (const model of scenario.models) {
      this.models.set(model.name, {
        ModelName: model.name,
        ModelArn: arn("model", model.name),
        PrimaryContainer: { Image: model.image, ModelDataUrl: model.modelDataUrl },
        ExecutionRoleArn: model.executionRoleArn,
        CreationTime: seconds(now),
      });
    }
    for (const endpoint of scenario.endpoints) {
      const configName = endpoint.configName ?? `${endpoint.name}-config-0`;
      const variants = endpoint.variants.map((v) => ({
        VariantName: v.name,
        ModelName: v.model,
        InitialVariantWeight: v.weight,
        InstanceType: v.instanceType,
        InitialInstanceCount: v.instanceCount,
      }));
      this.endpointConfigs.set(configName, { name: configName, variants, createdAt: now });
      this.endpoints.set(endpoint.name, {
        name: endpoint.name,
        configName,
        status: "InService",
        variants: variants.map(liveVariant),
        createdAt: now,
        modifiedAt: now,
        generation: 0,
      });
    }
    for (const spec of scenario.tuningJobs) this.#startTuningJob(spec);
    for (const schedule of scenario.monitoringSchedules) {
      this.monitoringSchedules.set(schedule.name, {
        name: schedule.name,
        endpoint: schedule.endpoint,
        type: schedule.type,
        createdAt: now,
        executions: [],
      });
      for (const execution of schedule.executions) {
        this.clock.schedule(now + execution.atSeconds * 1000, () =>
          this.#runMonitoringExecution(schedule.name, execution),
        );
      }
    }
  }

  #startTuningJob(spec: Scenario["tuningJobs"][number]): void {
    if (this.tuningJobs.has(spec.name)) {
      throw new AwsServiceError("ResourceInUse", `Tuning job ${spec.name} already exists`);
    }
    const now = this.clock.now();
    const endAt = now + spec.durationSeconds * 1000;
    const job: TuningJob = {
      name: spec.name,
      objective: spec.objective,
      status: "InProgress",
      finalStatus: spec.status,
      createdAt: now,
      endAt,
      image: spec.image,
      roleArn: spec.roleArn,
      trainingJobs: [],
      ...(spec.reportedBestTrainingJob !== undefined ? { reportedBestTrainingJob: spec.reportedBestTrainingJob } : {}),
      ...(spec.warmStartBest ? { warmStartBest: spec.warmStartBest } : {}),
    };
    spec.trainingJobs.forEach((t, index) => {
      const succeeded = t.objective !== undefined && Number.isFinite(t.objective) && t.status === "Completed";
      this.trainingJobs.set(t.name, {
        name: t.name,
        tuningJob: spec.name,
        status: "InProgress",
        finalStatus: t.status,
        objective: t.objective,
        objectiveStatus: "Pending",
        finalObjectiveStatus: t.objectiveStatus ?? (succeeded ? "Succeeded" : "Failed"),
        hyperParameters: t.hyperParameters,
        createdAt: now + index * 1000,
        endAt: now + (t.endSeconds ?? ((index + 1) * spec.durationSeconds) / (spec.trainingJobs.length + 1)) * 1000,
        image: t.image ?? spec.image,
        modelDataUrl: t.modelDataUrl ?? `s3://sim-models/${spec.name}/${t.name}/output/model.tar.gz`,
        roleArn: spec.roleArn,
      });
      job.trainingJobs.push(t.name);
    });
    this.tuningJobs.set(spec.name, job);
    this.tags.set(arn("hyper-parameter-tuning-job", spec.name), { ...spec.tags });
    for (const t of job.trainingJobs) this.tags.set(arn("training-job", t), { ...spec.tags });
    this.clock.schedule(endAt, () => this.#finishTuningJob(spec.name));
  }

  #finishTuningJob(name: string): void {
    const job = this.tuningJobs.get(name);
    if (job?.status !== "InProgress") return;
    job.status = job.finalStatus;
    for (const t of job.trainingJobs) {
      const training = this.trainingJobs.get(t);
      if (!training) continue;
      training.status = job.finalStatus === "Failed" ? "Failed" : training.finalStatus;
      training.objectiveStatus = training.status === "Completed" ? training.finalObjectiveStatus : "Failed";
    }
    this.publish(
      tuningJobEvent(
        this.describeHyperParameterTuningJob({ HyperParameterTuningJobName: name }),
        this.tags.get(arn("hyper-parameter-tuning-job", name)) ?? {},
        this.clock.now(),
      ),
    );
  }

  // ---- tuning and training jobs ----------------------------------------------------

  createHyperParameterTuningJob(input: Json): Json {
    const name = required<string>(input, "HyperParameterTuningJobName");
    const config = required<Json>(input, "HyperParameterTuningJobConfig");
    const objective = (config.HyperParameterTuningJobObjective ?? {}) as { Type?: string; MetricName?: string };
    if (objective.Type !== "Maximize" && objective.Type !== "Minimize") {
      throw new AwsServiceError(
        "ValidationException",
        "HyperParameterTuningJobObjective.Type must be Maximize or Minimize",
      );
    }
    const limits = (config.ResourceLimits ?? {}) as { MaxNumberOfTrainingJobs?: number };
    const count = Math.min(Math.max(limits.MaxNumberOfTrainingJobs ?? 3, 1), 20);
    const definition = (input.TrainingJobDefinition ?? {}) as {
      AlgorithmSpecification?: { TrainingImage?: string };
      RoleArn?: string;
    };
    const tags = Object.fromEntries(
      ((input.Tags ?? []) as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]),
    );
    this.#startTuningJob({
      name,
      objective: { type: objective.Type, metric: objective.MetricName ?? "validation:objective" },
      tags,
      status: "Completed",
      durationSeconds: 600,
      image:
        definition.AlgorithmSpecification?.TrainingImage ??
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
      roleArn: definition.RoleArn ?? "arn:aws:iam::000000000000:role/sagemaker-execution",
      trainingJobs: Array.from({ length: count }, (_, i) => ({
        name: `${name}-${String(i + 1).padStart(3, "0")}-${(0x10000000 + Math.floor(this.faults.random() * 0xefffffff)).toString(16)}`,
        status: "Completed" as const,
        objective: Math.round((0.7 + this.faults.random() * 0.25) * 10_000) / 10_000,
        hyperParameters: {},
      })),
    });
    return { HyperParameterTuningJobArn: arn("hyper-parameter-tuning-job", name) };
  }

  #tuningJob(name: string): TuningJob {
    const job = this.tuningJobs.get(name);
    if (!job)
      throw new AwsServiceError("ResourceNotFound", `Amazon SageMaker can't find a tuning job with name ${name}`);
    return job;
  }

  #trainingSummary(t: TrainingJob, objective: TuningJob["objective"]): Json {
    return {
      TrainingJobName: t.name,
      TrainingJobArn: arn("training-job", t.name),
      TuningJobName: t.tuningJob,
      CreationTime: seconds(t.createdAt),
      TrainingStartTime: seconds(t.createdAt + 60_000),
      ...(t.status !== "InProgress" ? { TrainingEndTime: seconds(t.endAt) } : {}),
      TrainingJobStatus: t.status,
      TunedHyperParameters: t.hyperParameters,
      ...(t.objectiveStatus === "Succeeded" && t.objective !== undefined
        ? {
            FinalHyperParameterTuningJobObjectiveMetric: {
              Type: objective.type,
              MetricName: objective.metric,
              Value: t.objective,
            },
          }
        : {}),
      ObjectiveStatus: t.objectiveStatus,
      ...(t.status === "Failed" ? { FailureReason: "AlgorithmError: training exited with a non-zero code" } : {}),
    };
  }

  /** The best job as SageMaker computes it: by the objective's Type, among succeeded objectives. */
  #bestTrainingJob(job: TuningJob): TrainingJob | undefined {
    const candidates = job.trainingJobs
      .map((n) => this.trainingJobs.get(n))
      .filter((t): t is TrainingJob => !!t && t.objectiveStatus === "Succeeded" && t.objective !== undefined);
    const sign = job.objective.type === "Maximize" ? -1 : 1;
    return candidates.sort(
      (a, b) => sign * ((a.objective as number) - (b.objective as number)) || a.endAt - b.endAt,
    )[0];
  }

  describeHyperParameterTuningJob(input: Json): Json {
    const job = this.#tuningJob(required<string>(input, "HyperParameterTuningJobName"));
    const trainings = job.trainingJobs.map((n) => this.trainingJobs.get(n)).filter((t): t is TrainingJob => !!t);
    const count = (status: string) => trainings.filter((t) => t.status === status).length;
    let best: Json | undefined;
    if (job.reportedBestTrainingJob === null) best = undefined;
    else {
      const named = job.reportedBestTrainingJob
        ? this.trainingJobs.get(job.reportedBestTrainingJob)
        : this.#bestTrainingJob(job);
      best = named ? this.#trainingSummary(named, job.objective) : undefined;
    }
    const warm = job.warmStartBest ? this.trainingJobs.get(job.warmStartBest) : undefined;
    return {
      HyperParameterTuningJobName: job.name,
      HyperParameterTuningJobArn: arn("hyper-parameter-tuning-job", job.name),
      HyperParameterTuningJobConfig: {
        Strategy: "Bayesian",
        HyperParameterTuningJobObjective: { Type: job.objective.type, MetricName: job.objective.metric },
        ResourceLimits: { MaxNumberOfTrainingJobs: trainings.length, MaxParallelTrainingJobs: 2 },
        TrainingJobEarlyStoppingType: "Off",
      },
      TrainingJobDefinition: {
        StaticHyperParameters: { _tuning_objective_metric: job.objective.metric },
        AlgorithmSpecification: { TrainingImage: job.image, TrainingInputMode: "File" },
        RoleArn: job.roleArn,
        OutputDataConfig: { S3OutputPath: `s3://sim-models/${job.name}/` },
        ResourceConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeSizeInGB: 10 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      },
      HyperParameterTuningJobStatus: job.status,
      CreationTime: seconds(job.createdAt),
      ...(job.status !== "InProgress" ? { HyperParameterTuningEndTime: seconds(job.endAt) } : {}),
      LastModifiedTime: seconds(job.status === "InProgress" ? job.createdAt : job.endAt),
      TrainingJobStatusCounters: {
        Completed: count("Completed"),
        InProgress: count("InProgress"),
        RetryableError: 0,
        NonRetryableError: count("Failed"),
        Stopped: count("Stopped"),
      },
      ObjectiveStatusCounters: {
        Succeeded: trainings.filter((t) => t.objectiveStatus === "Succeeded").length,
        Pending: trainings.filter((t) => t.objectiveStatus === "Pending").length,
        Failed: trainings.filter((t) => t.objectiveStatus === "Failed").length,
      },
      ...(best && !warm ? { BestTrainingJob: best } : {}),
      ...(warm
        ? {
            OverallBestTrainingJob: this.#trainingSummary(warm, job.objective),
            ...(best ? { BestTrainingJob: best } : {}),
          }
        : {}),
    };
  }

  listTrainingJobsForHyperParameterTuningJob(input: Json): Json {
    const job = this.#tuningJob(required<string>(input, "HyperParameterTuningJobName"));
    const maxResults = Math.min(Math.max(Number(input.MaxResults ?? 10), 1), 100);
    const sortBy = (input.SortBy as string) ?? "Name";
    const ascending = ((input.SortOrder as string) ?? "Ascending") === "Ascending";
    let jobs = job.trainingJobs.map((n) => this.trainingJobs.get(n)).filter((t): t is TrainingJob => !!t);
    if (input.StatusEquals) jobs = jobs.filter((t) => t.status === input.StatusEquals);
    const key = (t: TrainingJob): string | number =>
      sortBy === "CreationTime"
        ? t.createdAt
        : sortBy === "Status"
          ? t.status
          : sortBy === "FinalObjectiveMetricValue"
            ? (t.objective ?? Number.NEGATIVE_INFINITY)
            : t.name;
    jobs.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const order = ka < kb ? -1 : ka > kb ? 1 : 0;
      return ascending ? order : -order;
    });
    const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), "base64url").toString()) : 0;
    if (!Number.isInteger(start) || start < 0) throw new AwsServiceError("ValidationException", "Invalid NextToken");
    const page = jobs.slice(start, start + maxResults);
    const next =
      start + maxResults < jobs.length ? Buffer.from(String(start + maxResults)).toString("base64url") : undefined;
    return {
      TrainingJobSummaries: page.map((t) => this.#trainingSummary(t, job.objective)),
      ...(next ? { NextToken: next } : {}),
    };
  }

  describeTrainingJob(input: Json): Json {
    const name = required<string>(input, "TrainingJobName");
    const t = this.trainingJobs.get(name);
    if (!t) throw new AwsServiceError("ResourceNotFound", `Requested resource not found: training job ${name}`);
    const tuning = this.tuningJobs.get(t.tuningJob);
    return {
      TrainingJobName: t.name,
      TrainingJobArn: arn("training-job", t.name),
      TuningJobArn: arn("hyper-parameter-tuning-job", t.tuningJob),
      ...(t.status === "Completed" ? { ModelArtifacts: { S3ModelArtifacts: t.modelDataUrl } } : { ModelArtifacts: {} }),
      TrainingJobStatus: t.status,
      SecondaryStatus: t.status,
      HyperParameters: { ...t.hyperParameters, _tuning_objective_metric: tuning?.objective.metric ?? "" },
      AlgorithmSpecification: { TrainingImage: t.image, TrainingInputMode: "File" },
      RoleArn: t.roleArn,
      CreationTime: seconds(t.createdAt),
      ...(t.status !== "InProgress"
        ? { TrainingEndTime: seconds(t.endAt), TrainingStartTime: seconds(t.createdAt + 60_000) }
        : {}),
      ...(t.objectiveStatus === "Succeeded" && t.objective !== undefined && tuning
        ? {
            FinalMetricDataList: [
              { MetricName: tuning.objective.metric, Value: t.objective, Timestamp: seconds(t.endAt) },
            ],
          }
        : {}),
      ...(t.status === "Failed" ? { FailureReason: "AlgorithmError: training exited with a non-zero code" } : {}),
    };
  }

  // ---- models and endpoint configs -----------------------------------------------

  createModel(input: Json): Json {
    const name = required<string>(input, "ModelName");
    if (this.models.has(name)) {
      throw new AwsServiceError("ValidationException", `Cannot create already existing model "${arn("model", name)}".`);
    }
    const container = (input.PrimaryContainer ?? (input.Containers as Json[] | undefined)?.[0]) as Json | undefined;
    if (!container?.Image) throw new AwsServiceError("ValidationException", "PrimaryContainer.Image is required");
    required<string>(input, "ExecutionRoleArn");
    this.models.set(name, {
      ModelName: name,
      ModelArn: arn("model", name),
      PrimaryContainer: container,
      ExecutionRoleArn: input.ExecutionRoleArn,
      CreationTime: seconds(this.clock.now()),
    });
    this.#addTags(arn("model", name), input.Tags);
    return { ModelArn: arn("model", name) };
  }

  describeModel(input: Json): Json {
    const name = required<string>(input, "ModelName");
    const model = this.models.get(name);
    if (!model) throw new AwsServiceError("ValidationException", `Could not find model "${arn("model", name)}".`);
    return model;
  }

  deleteModel(input: Json): Json {
    const name = required<string>(input, "ModelName");
    if (!this.models.delete(name))
      throw new AwsServiceError("ValidationException", `Could not find model "${arn("model", name)}".`);
    return {};
  }

  createEndpointConfig(input: Json): Json {
    const name = required<string>(input, "EndpointConfigName");
    if (this.endpointConfigs.has(name)) {
      throw new AwsServiceError(
        "ValidationException",
        `Cannot create already existing endpoint configuration "${arn("endpoint-config", name)}".`,
      );
    }
    const variants = required<Variant[]>(input, "ProductionVariants");
    if (!Array.isArray(variants) || variants.length === 0 || variants.length > 10) {
      throw new AwsServiceError("ValidationException", "ProductionVariants must have 1 to 10 members");
    }
    const names = new Set<string>();
    for (const v of variants) {
      if (!v.VariantName || names.has(v.VariantName))
        throw new AwsServiceError("ValidationException", "Variant names must be present and unique");
      names.add(v.VariantName);
      if (!this.models.has(v.ModelName))
        throw new AwsServiceError(
          "ValidationException",
          `Could not find model "${arn("model", String(v.ModelName))}".`,
        );
    }
    this.endpointConfigs.set(name, {
      name,
      variants: variants.map((v) => ({
        VariantName: v.VariantName,
        ModelName: v.ModelName,
        InitialVariantWeight: v.InitialVariantWeight ?? 1,
        InstanceType: v.InstanceType ?? "ml.m5.large",
        InitialInstanceCount: v.InitialInstanceCount ?? 1,
      })),
      createdAt: this.clock.now(),
    });
    this.#addTags(arn("endpoint-config", name), input.Tags);
    return { EndpointConfigArn: arn("endpoint-config", name) };
  }

  describeEndpointConfig(input: Json): Json {
    const name = required<string>(input, "EndpointConfigName");
    const config = this.endpointConfigs.get(name);
    if (!config)
      throw new AwsServiceError(
        "ValidationException",
        `Could not find endpoint configuration "${arn("endpoint-config", name)}".`,
      );
    return {
      EndpointConfigName: name,
      EndpointConfigArn: arn("endpoint-config", name),
      ProductionVariants: config.variants,
      CreationTime: seconds(config.createdAt),
    };
  }

  deleteEndpointConfig(input: Json): Json {
    const name = required<string>(input, "EndpointConfigName");
    if (!this.endpointConfigs.delete(name)) {
      throw new AwsServiceError(
        "ValidationException",
        `Could not find endpoint configuration "${arn("endpoint-config", name)}".`,
      );
    }
    return {};
  }

  // ---- endpoints ---------------------------------------------------------------------

  #endpoint(name: string): Endpoint {
    const endpoint = this.endpoints.get(name);
    if (!endpoint)
      throw new AwsServiceError("ValidationException", `Could not find endpoint "${arn("endpoint", name)}".`);
    return endpoint;
  }

  #config(name: string) {
    const config = this.endpointConfigs.get(name);
    if (!config)
      throw new AwsServiceError(
        "ValidationException",
        `Could not find endpoint configuration "${arn("endpoint-config", name)}".`,
      );
    return config;
  }

  #emit(endpoint: Endpoint): void {
    this.publish(endpointEvent(endpoint, this.tags.get(arn("endpoint", endpoint.name)) ?? {}, this.clock.now()));
  }

  #transition(endpoint: Endpoint, status: Endpoint["status"], changes: Partial<Endpoint> = {}): void {
    Object.assign(endpoint, changes, { status, modifiedAt: this.clock.now(), generation: endpoint.generation + 1 });
    if (status !== "Failed") delete endpoint.failureReason;
    this.#emit(endpoint);
  }

  createEndpoint(input: Json): Json {
    const name = required<string>(input, "EndpointName");
    const config = this.#config(required<string>(input, "EndpointConfigName"));
    if (this.endpoints.has(name)) {
      throw new AwsServiceError(
        "ValidationException",
        `Cannot create already existing endpoint "${arn("endpoint", name)}".`,
      );
    }
    const now = this.clock.now();
    const endpoint: Endpoint = {
      name,
      configName: config.name,
      status: "Creating",
      variants: config.variants.map(liveVariant),
      createdAt: now,
      modifiedAt: now,
      generation: 0,
    };
    this.endpoints.set(name, endpoint);
    this.#addTags(arn("endpoint", name), input.Tags);
    this.#emit(endpoint);
    const generation = endpoint.generation;
    this.clock.after(this.timing.endpointCreateSeconds, () => {
      if (endpoint.generation !== generation || this.endpoints.get(name) !== endpoint) return;
      const reason = this.faults.settings.failEndpointUpdates[name];
      if (reason) this.#transition(endpoint, "Failed", { failureReason: reason });
      else this.#transition(endpoint, "InService");
    });
    return { EndpointArn: arn("endpoint", name) };
  }

  describeEndpoint(input: Json): Json {
    const endpoint = this.#endpoint(required<string>(input, "EndpointName"));
    return {
      EndpointName: endpoint.name,
      EndpointArn: arn("endpoint", endpoint.name),
      EndpointConfigName: endpoint.configName,
      ProductionVariants: endpoint.variants.map((v) => ({
        VariantName: v.name,
        CurrentWeight: v.currentWeight,
        DesiredWeight: v.desiredWeight,
        CurrentInstanceCount: v.currentInstanceCount,
        DesiredInstanceCount: v.desiredInstanceCount,
      })),
      EndpointStatus: endpoint.status,
      ...(endpoint.failureReason ? { FailureReason: endpoint.failureReason } : {}),
      CreationTime: seconds(endpoint.createdAt),
      LastModifiedTime: seconds(endpoint.modifiedAt),
    };
  }

  listEndpoints(input: Json): Json {
    const contains = (input.NameContains as string | undefined)?.toLowerCase();
    const endpoints = [...this.endpoints.values()]
      .filter((e) => !contains || e.name.toLowerCase().includes(contains))
      .filter((e) => !input.StatusEquals || e.status === input.StatusEquals);
    return {
      Endpoints: endpoints.map((e) => ({
        EndpointName: e.name,
        EndpointArn: arn("endpoint", e.name),
        CreationTime: seconds(e.createdAt),
        LastModifiedTime: seconds(e.modifiedAt),
        EndpointStatus: e.status,
      })),
    };
  }

  #requireInService(endpoint: Endpoint, operation: string): void {
    if (endpoint.status !== "InService") {
      throw new AwsServiceError(
        "ValidationException",
        `Cannot ${operation} for endpoint "${arn("endpoint", endpoint.name)}" because the endpoint is in ${endpoint.status} status.`,
      );
    }
  }

  updateEndpoint(input: Json): Json {
    const endpoint = this.#endpoint(required<string>(input, "EndpointName"));
    const config = this.#config(required<string>(input, "EndpointConfigName"));
    this.#requireInService(endpoint, "update endpoint");
    // As on AWS: a variant that leaves the endpoint must not be registered with Application Auto Scaling.
    const staying = new Set(config.variants.map((v) => v.VariantName));
    const registered = endpoint.variants
      .filter(
        (v) => !staying.has(v.name) && this.autoScaling.isRegistered(`endpoint/${endpoint.name}/variant/${v.name}`),
      )
      .map((v) => v.name);
    if (registered.length > 0) {
      throw new AwsServiceError(
        "ValidationException",
        `The variant(s) "[${registered.join(", ")}]" must be deregistered as scalable targets with AWS Application Auto Scaling before they can be removed or have their instance type updated.`,
      );
    }
    const previous = { configName: endpoint.configName, variants: endpoint.variants.map((v) => ({ ...v })) };
    this.#transition(endpoint, "Updating");
    const generation = endpoint.generation;
    this.clock.after(this.timing.endpointUpdateSeconds, () => {
      if (endpoint.generation !== generation) return;
      const reason = this.faults.settings.failEndpointUpdates[endpoint.name];
      if (reason) {
        // SageMaker rolls a failed update back: the endpoint returns to service on its previous config.
        delete this.faults.settings.failEndpointUpdates[endpoint.name];
        this.#transition(endpoint, "InService", { ...previous });
        endpoint.failureReason = reason;
        return;
      }
      this.#transition(endpoint, "InService", { configName: config.name, variants: config.variants.map(liveVariant) });
    });
    return { EndpointArn: arn("endpoint", endpoint.name) };
  }

  updateEndpointWeightsAndCapacities(input: Json): Json {
    const endpoint = this.#endpoint(required<string>(input, "EndpointName"));
    const desired = required<Array<{ VariantName: string; DesiredWeight?: number; DesiredInstanceCount?: number }>>(
      input,
      "DesiredWeightsAndCapacities",
    );
    this.#requireInService(endpoint, "update endpoint weights and capacities");
    for (const d of desired) {
      const variant = endpoint.variants.find((v) => v.name === d.VariantName);
      if (!variant)
        throw new AwsServiceError(
          "ValidationException",
          `The variant "${d.VariantName}" does not exist on endpoint "${endpoint.name}".`,
        );
      if (d.DesiredWeight !== undefined && (d.DesiredWeight < 0 || !Number.isFinite(d.DesiredWeight))) {
        throw new AwsServiceError("ValidationException", "DesiredWeight must be 0 or more");
      }
    }
    for (const d of desired) {
      const variant = endpoint.variants.find((v) => v.name === d.VariantName) as LiveVariant;
      if (d.DesiredWeight !== undefined) variant.desiredWeight = d.DesiredWeight;
      if (d.DesiredInstanceCount !== undefined) variant.desiredInstanceCount = d.DesiredInstanceCount;
    }
    this.#transition(endpoint, "Updating");
    const generation = endpoint.generation;
    this.clock.after(this.timing.weightsUpdateSeconds, () => {
      if (endpoint.generation !== generation) return;
      for (const v of endpoint.variants) {
        v.currentWeight = v.desiredWeight;
        v.currentInstanceCount = v.desiredInstanceCount;
      }
      this.#transition(endpoint, "InService");
    });
    return { EndpointArn: arn("endpoint", endpoint.name) };
  }

  deleteEndpoint(input: Json): Json {
    const endpoint = this.#endpoint(required<string>(input, "EndpointName"));
    this.#transition(endpoint, "Deleting");
    this.endpoints.delete(endpoint.name);
    return {};
  }

  // ---- feature groups ----------------------------------------------------------------

  featureGroup(name: string): FeatureGroup {
    const group = this.featureGroups.get(name);
    if (!group)
      throw new AwsServiceError(
        "ResourceNotFound",
        `Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name ${name}`,
        404,
      );
    return group;
  }

  describeFeatureGroup(input: Json): Json {
    const group = this.featureGroup(required<string>(input, "FeatureGroupName"));
    return {
      FeatureGroupArn: arn("feature-group", group.name),
      FeatureGroupName: group.name,
      RecordIdentifierFeatureName: group.recordIdentifierFeatureName,
      EventTimeFeatureName: group.eventTimeFeatureName,
      FeatureDefinitions: group.featureDefinitions,
      CreationTime: seconds(group.createdAt),
      OnlineStoreConfig: { EnableOnlineStore: true },
      ...(group.offlineStore
        ? {
            OfflineStoreConfig: {
              S3StorageConfig: { S3Uri: `s3://sim-offline-store/${group.name}` },
              DisableGlueTableCreation: false,
            },
          }
        : {}),
      FeatureGroupStatus: "Created",
    };
  }

  listFeatureGroups(): Json {
    return {
      FeatureGroupSummaries: [...this.featureGroups.values()].map((g) => ({
        FeatureGroupName: g.name,
        FeatureGroupArn: arn("feature-group", g.name),
        CreationTime: seconds(g.createdAt),
        FeatureGroupStatus: "Created",
      })),
    };
  }

  // ---- monitoring ----------------------------------------------------------------------

  #runMonitoringExecution(
    scheduleName: string,
    execution: Scenario["monitoringSchedules"][number]["executions"][number],
  ): void {
    const schedule = this.monitoringSchedules.get(scheduleName);
    if (!schedule) return;
    const now = this.clock.now();
    const stamp = new Date(now).toISOString();
    const hex = (this.faults.random() * 2 ** 48).toString(16).replace(".", "").padEnd(24, "0").slice(0, 24);
    const jobName = `model-monitoring-${stamp.slice(0, 16).replace(/[-:T]/g, "")}-${hex}`;
    const outputUri = `s3://sim-monitoring/reports/${schedule.endpoint}/${schedule.name}/${stamp.slice(0, 13).replace(/[-T]/g, "/")}`;
    const failed = execution.status === "Failed";
    if (!failed) {
      const report = execution.rawReport ?? JSON.stringify({ violations: execution.violations }, null, 2);
      this.s3.put(`${outputUri}/constraint_violations.json`, Buffer.from(report));
    }
    const job: ProcessingJob = {
      name: jobName,
      schedule: schedule.name,
      endpoint: schedule.endpoint,
      status: failed ? "Failed" : "Completed",
      ...(execution.status === "CompletedWithViolations"
        ? {
            exitMessage: `CompletedWithViolations: Job completed successfully with ${execution.violations.length} violations.`,
          }
        : {}),
      ...(failed ? { failureReason: execution.failureReason ?? "AlgorithmError: monitoring job failed" } : {}),
      outputUri,
      createdAt: now - 400_000,
      endAt: now,
    };
    this.processingJobs.set(jobName, job);
    schedule.executions.push({
      processingJobName: jobName,
      scheduledAt: Math.floor(now / 3_600_000) * 3_600_000,
      status: execution.status,
      ...(failed ? { failureReason: job.failureReason as string } : {}),
      reportUri: outputUri,
      violations: execution.violations.length,
    });
    this.publish(processingJobEvent(job, now));
  }

  describeMonitoringSchedule(input: Json): Json {
    const name = required<string>(input, "MonitoringScheduleName");
    const schedule = this.monitoringSchedules.get(name);
    if (!schedule)
      throw new AwsServiceError(
        "ResourceNotFound",
        `Could not find monitoring schedule "${arn("monitoring-schedule", name)}".`,
      );
    const last = schedule.executions.at(-1);
    return {
      MonitoringScheduleArn: arn("monitoring-schedule", name),
      MonitoringScheduleName: name,
      MonitoringScheduleStatus: "Scheduled",
      MonitoringType: schedule.type,
      EndpointName: schedule.endpoint,
      CreationTime: seconds(schedule.createdAt),
      LastModifiedTime: seconds(schedule.createdAt),
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: "cron(0 * ? * * *)" },
        MonitoringType: schedule.type,
      },
      ...(last ? { LastMonitoringExecutionSummary: this.#executionSummary(schedule, last) } : {}),
    };
  }

  #executionSummary(schedule: MonitoringSchedule, e: MonitoringExecution): Json {
    return {
      MonitoringScheduleName: schedule.name,
      ScheduledTime: seconds(e.scheduledAt),
      CreationTime: seconds(e.scheduledAt),
      LastModifiedTime: seconds(e.scheduledAt),
      MonitoringExecutionStatus: e.status,
      ProcessingJobArn: arn("processing-job", e.processingJobName),
      EndpointName: schedule.endpoint,
      MonitoringType: schedule.type,
      ...(e.failureReason ? { FailureReason: e.failureReason } : {}),
    };
  }

  listMonitoringExecutions(input: Json): Json {
    const summaries = [...this.monitoringSchedules.values()]
      .filter((s) => !input.MonitoringScheduleName || s.name === input.MonitoringScheduleName)
      .filter((s) => !input.EndpointName || s.endpoint === input.EndpointName)
      .flatMap((s) => s.executions.map((e) => this.#executionSummary(s, e)))
      .filter((e) => !input.StatusEquals || e.MonitoringExecutionStatus === input.StatusEquals)
      .sort((a, b) => (b.ScheduledTime as number) - (a.ScheduledTime as number));
    return { MonitoringExecutionSummaries: summaries.slice(0, Number(input.MaxResults ?? 100)) };
  }

  describeProcessingJob(input: Json): Json {
    const name = required<string>(input, "ProcessingJobName");
    const job = this.processingJobs.get(name);
    if (!job) throw new AwsServiceError("ResourceNotFound", `Processing job ${name} does not exist.`);
    return {
      ProcessingJobName: job.name,
      ProcessingJobArn: arn("processing-job", job.name),
      ProcessingJobStatus: job.status,
      ...(job.exitMessage ? { ExitMessage: job.exitMessage } : {}),
      ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
      MonitoringScheduleArn: arn("monitoring-schedule", job.schedule),
      ProcessingOutputConfig: {
        Outputs: [
          {
            OutputName: "result",
            S3Output: { S3Uri: job.outputUri, LocalPath: "/opt/ml/processing/resultdata", S3UploadMode: "EndOfJob" },
          },
        ],
      },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20 } },
      AppSpecification: { ImageUri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer" },
      RoleArn: "arn:aws:iam::000000000000:role/sagemaker-execution",
      CreationTime: seconds(job.createdAt),
      ProcessingStartTime: seconds(job.createdAt + 60_000),
      ProcessingEndTime: seconds(job.endAt),
      LastModifiedTime: seconds(job.endAt),
    };
  }

  // ---- tags ----------------------------------------------------------------------------

  #addTags(resourceArn: string, tags: unknown): void {
    if (!Array.isArray(tags)) return;
    const current = this.tags.get(resourceArn) ?? {};
    for (const t of tags as Array<{ Key: string; Value: string }>) current[t.Key] = t.Value;
    this.tags.set(resourceArn, current);
  }

  listTags(input: Json): Json {
    const resourceArn = required<string>(input, "ResourceArn");
    return {
      Tags: Object.entries(this.tags.get(resourceArn.toLowerCase()) ?? this.tags.get(resourceArn) ?? {}).map(
        ([Key, Value]) => ({ Key, Value }),
      ),
    };
  }

  addTags(input: Json): Json {
    const resourceArn = required<string>(input, "ResourceArn");
    this.#addTags(resourceArn, input.Tags);
    return { Tags: input.Tags };
  }

  /** The operation table of the JSON 1.1 protocol. */
  operations(): Record<string, (input: Json) => Json> {
    return {
      CreateHyperParameterTuningJob: (i) => this.createHyperParameterTuningJob(i),
      DescribeHyperParameterTuningJob: (i) => this.describeHyperParameterTuningJob(i),
      ListTrainingJobsForHyperParameterTuningJob: (i) => this.listTrainingJobsForHyperParameterTuningJob(i),
      DescribeTrainingJob: (i) => this.describeTrainingJob(i),
      CreateModel: (i) => this.createModel(i),
      DescribeModel: (i) => this.describeModel(i),
      DeleteModel: (i) => this.deleteModel(i),
      CreateEndpointConfig: (i) => this.createEndpointConfig(i),
      DescribeEndpointConfig: (i) => this.describeEndpointConfig(i),
      DeleteEndpointConfig: (i) => this.deleteEndpointConfig(i),
      CreateEndpoint: (i) => this.createEndpoint(i),
      DescribeEndpoint: (i) => this.describeEndpoint(i),
      UpdateEndpoint: (i) => this.updateEndpoint(i),
      UpdateEndpointWeightsAndCapacities: (i) => this.updateEndpointWeightsAndCapacities(i),
      DeleteEndpoint: (i) => this.deleteEndpoint(i),
      ListEndpoints: (i) => this.listEndpoints(i),
      DescribeFeatureGroup: (i) => this.describeFeatureGroup(i),
      ListFeatureGroups: () => this.listFeatureGroups(),
      DescribeMonitoringSchedule: (i) => this.describeMonitoringSchedule(i),
      ListMonitoringExecutions: (i) => this.listMonitoringExecutions(i),
      DescribeProcessingJob: (i) => this.describeProcessingJob(i),
      ListTags: (i) => this.listTags(i),
      AddTags: (i) => this.addTags(i),
    };
  }
}

function liveVariant(v: Variant): LiveVariant {
  return {
    name: v.VariantName,
    currentWeight: v.InitialVariantWeight,
    desiredWeight: v.InitialVariantWeight,
    currentInstanceCount: v.InitialInstanceCount,
    desiredInstanceCount: v.InitialInstanceCount,
  };
}
