/**
 * Pure winner selection: which training job of a tuning job wins, and whether it beats
 * the live champion. No I/O; the use case in `handle-tuning-job.ts` feeds it.
 */

export type ObjectiveType = "Maximize" | "Minimize";

export interface Objective {
  readonly type: ObjectiveType;
  readonly metricName: string;
}

/** A training job as the selection sees it (from BestTrainingJob or ListTrainingJobsForHyperParameterTuningJob). */
export interface TrainingJobCandidate {
  readonly name: string;
  readonly status: string;
  readonly objectiveStatus?: string | undefined;
  readonly objectiveValue?: number | undefined;
  /** Epoch milliseconds. */
  readonly endTime?: number | undefined;
}

/** True when the candidate's training and objective both succeeded with a finite value. */
export function isEligible(candidate: TrainingJobCandidate): boolean {
  return (
    candidate.status === "Completed" &&
    candidate.objectiveStatus === "Succeeded" &&
    typeof candidate.objectiveValue === "number" &&
    Number.isFinite(candidate.objectiveValue)
  );
}

/**
 * Orders two eligible candidates best first: by the objective's direction, then the
 * earlier training end time, then the name, so that ties break the same way every time.
 */
export function compareCandidates(type: ObjectiveType, a: TrainingJobCandidate, b: TrainingJobCandidate): number {
  const av = a.objectiveValue as number;
  const bv = b.objectiveValue as number;
  if (av !== bv) return type === "Maximize" ? bv - av : av - bv;
  const aEnd = a.endTime ?? Number.POSITIVE_INFINITY;
  const bEnd = b.endTime ?? Number.POSITIVE_INFINITY;
  if (aEnd !== bEnd) return aEnd < bEnd ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Picks the best eligible training job: skips failed jobs, failed objectives and missing
 * or non-finite metrics; honours Maximize/Minimize; breaks ties deterministically.
 *
 * @example
 * selectBest("Maximize", [
 *   { name: "a", status: "Completed", objectiveStatus: "Succeeded", objectiveValue: 0.8 },
 *   { name: "b", status: "Failed" },
 * ]); // → the candidate "a"
 */
export function selectBest(
  type: ObjectiveType,
  candidates: readonly TrainingJobCandidate[],
): TrainingJobCandidate | undefined {
  return candidates.filter(isEligible).sort((a, b) => compareCandidates(type, a, b))[0];
}

/**
 * Whether the API's reported best job can be trusted without listing every job: it must
 * be eligible, reported with the objective the tuning job optimises.
 */
export function isConsistentBest(
  reported: TrainingJobCandidate | undefined,
  reportedMetricName: string | undefined,
  objective: Objective,
): boolean {
  return (
    reported !== undefined &&
    isEligible(reported) &&
    (reportedMetricName === undefined || reportedMetricName === objective.metricName)
  );
}

/** The live model's metric on an endpoint. */
export interface Champion {
  readonly modelName: string;
  readonly metricName: string;
  readonly objectiveType: ObjectiveType;
  readonly metricValue: number;
}

export interface ChampionComparison {
  readonly ships: boolean;
  readonly reason: string;
  /** Improvement in the objective's direction (positive is better); absent for a first model. */
  readonly improvement?: number;
}

/**
 * Decides whether a challenger's metric beats the champion's by at least `minImprovement`
 * (absolute) in the objective's direction. A first model (no champion) always ships; an
 * equal metric never does. A champion measured on another metric or direction cannot be
 * compared, and the challenger does not ship.
 *
 * @example
 * compareWithChampion({ value: 0.91, objective: { type: "Maximize", metricName: "auc" } },
 *   { modelName: "m1", metricName: "auc", objectiveType: "Maximize", metricValue: 0.88 }, 0.01);
 * // → { ships: true, improvement: 0.03…, reason: "…" }
 */
export function compareWithChampion(
  challenger: { readonly value: number; readonly objective: Objective },
  champion: Champion | undefined,
  minImprovement: number,
): ChampionComparison {
  if (!champion) return { ships: true, reason: "first model on the endpoint: no champion to beat" };
  if (champion.metricName !== challenger.objective.metricName || champion.objectiveType !== challenger.objective.type) {
    return {
      ships: false,
      reason: `champion ${champion.modelName} was measured on ${champion.objectiveType} ${champion.metricName}, not ${challenger.objective.type} ${challenger.objective.metricName}: not comparable`,
    };
  }
  const raw =
    challenger.objective.type === "Maximize"
      ? challenger.value - champion.metricValue
      : champion.metricValue - challenger.value;
  // Round away binary noise (0.91 - 0.9 is 0.010000000000000009).
  const improvement = Math.round(raw * 1e12) / 1e12;
  const direction = challenger.objective.type === "Maximize" ? "higher" : "lower";
  if (improvement > 0 && improvement >= minImprovement) {
    return {
      ships: true,
      improvement,
      reason: `${challenger.objective.metricName} ${challenger.value} beats champion ${champion.modelName} (${champion.metricValue}) by ${improvement} (${direction} is better, minimum ${minImprovement})`,
    };
  }
  return {
    ships: false,
    improvement,
    reason: `${challenger.objective.metricName} ${challenger.value} does not beat champion ${champion.modelName} (${champion.metricValue}) by the minimum ${minImprovement} (${direction} is better, improvement ${improvement})`,
  };
}

const NAME_LIMIT = 63;

/** A SageMaker-legal name (`[a-zA-Z0-9](-*[a-zA-Z0-9])*`, ≤ 63) derived deterministically from `base`. */
export function deterministicName(base: string, suffix = ""): string {
  const clean = `${base}${suffix}`
    .replace(/[^a-zA-Z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (clean.length <= NAME_LIMIT) return clean;
  let hash = 2166136261;
  for (const char of clean) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const tag = hash.toString(16).padStart(8, "0");
  return `${clean.slice(0, NAME_LIMIT - tag.length - 1).replace(/-$/, "")}-${tag}`;
}

/** The model created from a winning training job: the same name on every replay. */
export function modelNameFor(trainingJobName: string): string {
  return deterministicName(trainingJobName);
}
