/**
 * The decision taken for a finished tuning job, as it is recorded and served by
 * `GET /tuning-jobs/{name}`, and the pure function that takes it.
 */
import {
  type Champion,
  compareWithChampion,
  isConsistentBest,
  modelNameFor,
  type Objective,
  selectBest,
  type TrainingJobCandidate,
} from "./selection.js";

/** What DescribeHyperParameterTuningJob tells the selection. */
export interface TuningJobDescription {
  readonly name: string;
  readonly status: string;
  readonly objective: Objective;
  readonly best?: TrainingJobCandidate | undefined;
  readonly bestMetricName?: string | undefined;
  /** OverallBestTrainingJob, reported for warm-start tuning. */
  readonly overallBest?: TrainingJobCandidate | undefined;
  readonly overallBestMetricName?: string | undefined;
}

/** The promotion policy of an endpoint (`PUT /endpoints/{name}/promotion-policy`). */
export interface PromotionPolicy {
  readonly minImprovement: number;
  /** Whether a Stopped tuning job may still ship its best succeeded training job. */
  readonly shipStoppedJobs: boolean;
  readonly executionRoleArn?: string | undefined;
  /** Instance type and count of the variant when a winner creates a new endpoint. */
  readonly instanceType?: string | undefined;
  readonly initialInstanceCount?: number | undefined;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = { minImprovement: 0, shipStoppedJobs: true };

export type DecisionOutcome = "shipped" | "not-shipped" | "no-winner" | "no-endpoint";

export interface WinnerDecision {
  readonly tuningJob: string;
  readonly tuningJobStatus: string;
  readonly outcome: DecisionOutcome;
  readonly objective: Objective;
  readonly endpoint?: string | undefined;
  readonly winner?:
    | { readonly trainingJob: string; readonly metricValue: number; readonly endTime?: number | undefined }
    | undefined;
  readonly champion?: Champion | undefined;
  readonly improvement?: number | undefined;
  readonly modelName?: string | undefined;
  /** Where the winner came from: the API's (overall) best job, or the full list. */
  readonly source?: "BestTrainingJob" | "OverallBestTrainingJob" | "ListTrainingJobs" | undefined;
  readonly reasons: readonly string[];
  readonly decidedAt: string;
}

/** What the use case must do next after reading DescribeHyperParameterTuningJob. */
export type SelectionPlan =
  | { readonly kind: "ignore"; readonly reason: string }
  | { readonly kind: "no-winner"; readonly reason: string }
  | {
      readonly kind: "use-reported";
      readonly candidate: TrainingJobCandidate;
      readonly source: "BestTrainingJob" | "OverallBestTrainingJob";
    }
  | { readonly kind: "list-jobs"; readonly reason: string };

const FINAL = new Set(["Completed", "Stopped", "Failed"]);

/**
 * Decides, from the tuning job's description alone, whether there is anything to select
 * and whether the reported best job can be used or every job must be listed.
 *
 * @example
 * planSelection({ name: "hpo", status: "InProgress", objective }, DEFAULT_PROMOTION_POLICY);
 * // → { kind: "ignore", reason: "tuning job hpo is InProgress, not finished" }
 */
export function planSelection(job: TuningJobDescription, policy: PromotionPolicy): SelectionPlan {
  if (!FINAL.has(job.status))
    return { kind: "ignore", reason: `tuning job ${job.name} is ${job.status}, not finished` };
  if (job.status === "Failed") return { kind: "no-winner", reason: `tuning job ${job.name} failed` };
  if (job.status === "Stopped" && !policy.shipStoppedJobs) {
    return {
      kind: "no-winner",
      reason: `tuning job ${job.name} was stopped and the promotion policy does not ship stopped jobs`,
    };
  }
  if (job.overallBest && isConsistentBest(job.overallBest, job.overallBestMetricName, job.objective)) {
    return { kind: "use-reported", candidate: job.overallBest, source: "OverallBestTrainingJob" };
  }
  if (job.best && isConsistentBest(job.best, job.bestMetricName, job.objective)) {
    return { kind: "use-reported", candidate: job.best, source: "BestTrainingJob" };
  }
  return {
    kind: "list-jobs",
    reason: job.best
      ? "the reported BestTrainingJob is not eligible or not on the objective metric"
      : "no BestTrainingJob was reported",
  };
}

export interface DecideInput {
  readonly job: TuningJobDescription;
  readonly policy: PromotionPolicy;
  readonly endpoint: string | undefined;
  readonly champion: Champion | undefined;
  /** The reported best job, or every training job listed. */
  readonly candidates: readonly TrainingJobCandidate[];
  readonly source: NonNullable<WinnerDecision["source"]>;
  readonly planReason?: string | undefined;
  readonly now: Date;
}

/**
 * Takes the decision for a finished tuning job: the winner among the candidates, whether
 * it ships (an endpoint to ship to, and beating the champion), and every reason.
 *
 * @example
 * decide({ job, policy: DEFAULT_PROMOTION_POLICY, endpoint: "churn-prod", champion: undefined,
 *   candidates, source: "BestTrainingJob", now: new Date() }).outcome; // "shipped"
 */
export function decide(input: DecideInput): WinnerDecision {
  const { job, policy, endpoint, champion, now } = input;
  const reasons: string[] = [];
  if (input.planReason) reasons.push(`listed every training job: ${input.planReason}`);
  const base = {
    tuningJob: job.name,
    tuningJobStatus: job.status,
    objective: job.objective,
    endpoint,
    decidedAt: now.toISOString(),
    source: input.source,
  };
  const best = selectBest(job.objective.type, input.candidates);
  if (!best) {
    reasons.push(`no training job of ${job.name} has a succeeded objective`);
    return { ...base, outcome: "no-winner", reasons };
  }
  const winner = { trainingJob: best.name, metricValue: best.objectiveValue as number, endTime: best.endTime };
  reasons.push(`winner ${best.name} with ${job.objective.metricName} ${winner.metricValue} (${job.objective.type})`);
  if (!endpoint) {
    reasons.push("the tuning job has no endpoint tag: recorded, shipped nowhere");
    return { ...base, outcome: "no-endpoint", winner, reasons };
  }
  const comparison = compareWithChampion(
    { value: winner.metricValue, objective: job.objective },
    champion,
    policy.minImprovement,
  );
  reasons.push(comparison.reason);
  return {
    ...base,
    outcome: comparison.ships ? "shipped" : "not-shipped",
    winner,
    champion,
    improvement: comparison.improvement,
    ...(comparison.ships ? { modelName: modelNameFor(best.name) } : {}),
    reasons,
  };
}
