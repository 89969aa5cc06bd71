/**
 * The winner-selection use case: from a tuning-job state change to a recorded decision,
 * a model, and a hand-off to the endpoint. Every step is idempotent, so a duplicate or
 * late event resumes the stored decision instead of taking a second one.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { TuningJobStateEvent } from "../events/schemas.js";
import type { Notifier } from "../ports/notifier.js";
import type { SageMakerPort } from "../ports/sagemaker.js";
import type { StoredDecision, WinnerStore } from "../ports/winner-store.js";
import {
  DEFAULT_PROMOTION_POLICY,
  decide,
  type PromotionPolicy,
  planSelection,
  type WinnerDecision,
} from "./decision.js";
import { initialConfigNameFor, variantNameFor } from "./naming.js";

export interface WinnerDeps {
  readonly sagemaker: SageMakerPort;
  readonly store: WinnerStore;
  readonly notifier: Notifier;
  readonly endpointTagKey: string;
  readonly defaultExecutionRoleArn?: string | undefined;
  readonly now: Date;
  readonly log?: Pick<Logger, "info" | "warn">;
  /** Starts the requested rollout right away (the tick would otherwise start it within a minute). */
  readonly onRolloutRequested?: (endpoint: string) => Promise<void>;
}

export interface WinnerResult extends Record<string, unknown> {
  readonly tuningJob: string;
  readonly outcome: WinnerDecision["outcome"] | "ignored";
  readonly modelName?: string | undefined;
  readonly handOff?: string | undefined;
}

const TAG_PREFIX = "lifecycle:";

/**
 * Handles "SageMaker HyperParameter Tuning Job State Change": selects the winner, records
 * the decision, creates the model and hands it to the endpoint.
 *
 * @example
 * await handleTuningJobStateChange(event, { sagemaker, store, notifier, endpointTagKey: "lifecycle:endpoint", now: new Date() });
 */
export async function handleTuningJobStateChange(event: TuningJobStateEvent, deps: WinnerDeps): Promise<WinnerResult> {
  const name = event.detail.HyperParameterTuningJobName;
  const existing = await deps.store.getDecision(name);
  if (existing) return complete(existing, deps);

  const job = await deps.sagemaker.describeTuningJob(name);
  let endpoint = event.detail.Tags[deps.endpointTagKey];
  if (endpoint === undefined)
    endpoint = (await deps.sagemaker.listTags(event.detail.HyperParameterTuningJobArn))[deps.endpointTagKey];
  const policy: PromotionPolicy =
    (endpoint ? await deps.store.getPromotionPolicy(endpoint) : undefined) ?? DEFAULT_PROMOTION_POLICY;
  const plan = planSelection(job, policy);
  if (plan.kind === "ignore") {
    deps.log?.info("Tuning job not finished: nothing to select", { tuningJob: name, status: job.status });
    return { tuningJob: name, outcome: "ignored" };
  }
  let decision: WinnerDecision;
  if (plan.kind === "no-winner") {
    decision = {
      tuningJob: name,
      tuningJobStatus: job.status,
      outcome: "no-winner",
      objective: job.objective,
      endpoint,
      reasons: [plan.reason],
      decidedAt: deps.now.toISOString(),
    };
  } else {
    const candidates = plan.kind === "use-reported" ? [plan.candidate] : await deps.sagemaker.listTrainingJobs(name);
    const champion = endpoint ? await deps.store.getChampion(endpoint) : undefined;
    decision = decide({
      job,
      policy,
      endpoint,
      champion,
      candidates,
      source: plan.kind === "use-reported" ? plan.source : "ListTrainingJobs",
      planReason: plan.kind === "list-jobs" ? plan.reason : undefined,
      now: deps.now,
    });
  }
  const stored = await deps.store.putDecisionIfAbsent(decision);
  deps.log?.info("Decision recorded", { tuningJob: name, outcome: stored.outcome, reasons: stored.reasons });
  return complete(stored, deps);
}

/** Finishes what a stored decision still needs; each step is safe to repeat. */
async function complete(decision: StoredDecision, deps: WinnerDeps): Promise<WinnerResult> {
  let current = decision;
  if (current.outcome === "no-winner" && !current.notified) {
    await deps.notifier.notify({
      key: `no-winner#${current.tuningJob}`,
      title: `No winner for tuning job ${current.tuningJob}`,
      text: current.reasons.join("\n"),
      severity: "warning",
      fields: {
        tuningJob: current.tuningJob,
        status: current.tuningJobStatus,
        ...(current.endpoint ? { endpoint: current.endpoint } : {}),
      },
    });
    current = await deps.store.updateDecision(current.tuningJob, { notified: true });
  }
  if (current.outcome === "shipped" && current.winner && current.modelName && current.endpoint) {
    const { winner, modelName, endpoint } = current;
    if (!current.modelCreated) {
      const artifacts = await deps.sagemaker.describeTrainingJob(winner.trainingJob);
      const policy = (await deps.store.getPromotionPolicy(endpoint)) ?? DEFAULT_PROMOTION_POLICY;
      const executionRoleArn = policy.executionRoleArn ?? deps.defaultExecutionRoleArn ?? artifacts.roleArn;
      if (!executionRoleArn)
        throw new Error(
          `No execution role for model ${modelName}: set MODEL_EXECUTION_ROLE_ARN or the promotion policy`,
        );
      const created = await deps.sagemaker.createModel({
        name: modelName,
        image: artifacts.image,
        modelDataUrl: artifacts.modelDataUrl,
        executionRoleArn,
        tags: {
          [`${TAG_PREFIX}tuning-job`]: current.tuningJob,
          [`${TAG_PREFIX}training-job`]: winner.trainingJob,
          [`${TAG_PREFIX}endpoint`]: endpoint,
        },
      });
      deps.log?.info(created === "created" ? "Model created" : "Model already existed (replay)", { modelName });
      await deps.store.recordShippedModel({
        endpoint,
        modelName,
        tuningJob: current.tuningJob,
        trainingJob: winner.trainingJob,
        metricName: current.objective.metricName,
        metricValue: winner.metricValue,
        objectiveType: current.objective.type,
        shippedAt: current.decidedAt,
      });
      current = await deps.store.updateDecision(current.tuningJob, { modelCreated: true });
    }
    if (!current.handOff) {
      current = await deps.store.updateDecision(current.tuningJob, { handOff: await handOff(current, deps) });
    }
  }
  return {
    tuningJob: current.tuningJob,
    outcome: current.outcome,
    ...(current.modelName ? { modelName: current.modelName } : {}),
    ...(current.handOff ? { handOff: current.handOff.kind } : {}),
  };
}

async function handOff(decision: StoredDecision, deps: WinnerDeps): Promise<NonNullable<StoredDecision["handOff"]>> {
  const endpoint = decision.endpoint as string;
  const modelName = decision.modelName as string;
  const winner = decision.winner as NonNullable<StoredDecision["winner"]>;
  const live = await deps.sagemaker.describeEndpoint(endpoint);
  if (!live) {
    const policy = (await deps.store.getPromotionPolicy(endpoint)) ?? DEFAULT_PROMOTION_POLICY;
    const configName = initialConfigNameFor(endpoint, modelName);
    const tags = { [`${TAG_PREFIX}managed`]: "true" };
    await deps.sagemaker.createEndpointConfig(
      configName,
      [
        {
          variantName: variantNameFor(modelName),
          modelName,
          weight: 1,
          instanceType: policy.instanceType ?? "ml.m5.large",
          instanceCount: policy.initialInstanceCount ?? 1,
        },
      ],
      tags,
    );
    await deps.sagemaker.createEndpoint(endpoint, configName, tags);
    // The model is the endpoint's only one: it is the champion the next winner must beat.
    await deps.store.putChampion(endpoint, {
      modelName,
      metricName: decision.objective.metricName,
      objectiveType: decision.objective.type,
      metricValue: winner.metricValue,
      since: deps.now.toISOString(),
    });
    deps.log?.info("Endpoint created with the winner as its only variant", { endpoint, configName });
    return { kind: "endpoint-created", endpointConfigName: configName };
  }
  const request = await deps.store.requestRollout({
    endpoint,
    tuningJob: decision.tuningJob,
    modelName,
    metricValue: winner.metricValue,
    requestedAt: deps.now.toISOString(),
  });
  if (request.accepted) {
    deps.log?.info("Rollout requested", { endpoint, modelName });
    await deps.onRolloutRequested?.(endpoint);
    return { kind: "rollout-requested" };
  }
  const reason = `a rollout of ${request.active.modelName} (tuning job ${request.active.tuningJob}) is active on ${endpoint}`;
  deps.log?.warn("Rollout rejected", { endpoint, reason });
  return { kind: "rollout-rejected", reason };
}
