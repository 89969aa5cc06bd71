import type { CurrentScaling, ScalingAction } from "../scaling/diff.js";
import type { ScalingPlan } from "../scaling/plan.js";

/** Application Auto Scaling for SageMaker variants: read what is there, make one change. */
export interface ScalingPort {
  describe(resourceIds: readonly string[]): Promise<CurrentScaling>;
  apply(action: ScalingAction): Promise<void>;
}

export interface StoredScalingPlan {
  readonly endpoint: string;
  readonly plan: ScalingPlan;
  readonly lastApplied?:
    | { readonly at: string; readonly reason: string; readonly calls: readonly string[] }
    | undefined;
  /** The endpoint config the plan was last compared against (an InService on the same config changed no variant). */
  readonly appliedConfig?: string | undefined;
}

/** Scaling plans in DynamoDB; each carries the time of its next drift check (due-time index). */
export interface ScalingStore {
  getPlan(endpoint: string): Promise<StoredScalingPlan | undefined>;
  putPlan(endpoint: string, plan: ScalingPlan, checkAt: Date): Promise<void>;
  listDueForCheck(now: Date): Promise<StoredScalingPlan[]>;
  recordApplied(
    endpoint: string,
    applied: NonNullable<StoredScalingPlan["lastApplied"]>,
    configName: string,
    nextCheckAt: Date,
  ): Promise<void>;
}
