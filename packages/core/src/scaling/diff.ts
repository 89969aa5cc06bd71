/**
 * Pure planning of Application Auto Scaling changes: what each live variant should have
 * (from the endpoint's scaling plan) against what Application Auto Scaling has now, as
 * the list of calls that makes them equal. Applying a plan twice plans no call.
 */
import type { ScalingPlan } from "./plan.js";

/** Names of what this backend manages start with this, so it never touches anything else. */
export const MANAGED_PREFIX = "lifecycle-";
export const POLICY_NAME = `${MANAGED_PREFIX}invocations-per-instance`;

export interface TargetTracking {
  readonly targetValue: number;
  readonly scaleInCooldown: number;
  readonly scaleOutCooldown: number;
  readonly disableScaleIn: boolean;
}

export interface ScheduledActionSpec {
  readonly name: string;
  readonly schedule: string;
  readonly timezone?: string | undefined;
  readonly startTime?: string | undefined;
  readonly endTime?: string | undefined;
  readonly minCapacity?: number | undefined;
  readonly maxCapacity?: number | undefined;
}

export interface VariantScaling {
  readonly resourceId: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly policy?: TargetTracking | undefined;
  readonly scheduledActions: readonly ScheduledActionSpec[];
}

/** What Application Auto Scaling reports for the variants. */
export interface CurrentScaling {
  readonly targets: ReadonlyArray<{
    readonly resourceId: string;
    readonly minCapacity: number;
    readonly maxCapacity: number;
  }>;
  readonly policies: ReadonlyArray<{
    readonly resourceId: string;
    readonly name: string;
    readonly targetTracking?: TargetTracking | undefined;
  }>;
  readonly scheduledActions: ReadonlyArray<ScheduledActionSpec & { readonly resourceId: string }>;
}

export type ScalingAction =
  | {
      readonly kind: "register-target";
      readonly resourceId: string;
      readonly minCapacity: number;
      readonly maxCapacity: number;
    }
  | {
      readonly kind: "put-policy";
      readonly resourceId: string;
      readonly name: string;
      readonly targetTracking: TargetTracking;
    }
  | { readonly kind: "delete-policy"; readonly resourceId: string; readonly name: string }
  | { readonly kind: "put-scheduled-action"; readonly resourceId: string; readonly action: ScheduledActionSpec }
  | { readonly kind: "delete-scheduled-action"; readonly resourceId: string; readonly name: string };

export function variantResourceId(endpoint: string, variant: string): string {
  return `endpoint/${endpoint}/variant/${variant}`;
}

const normaliseTime = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

/**
 * What each live variant should have. A canary's challenger gets a fixed capacity (the
 * plan's `challenger`, or its minimum) and neither policy nor schedules; every other
 * variant gets the whole plan.
 *
 * @example
 * desiredScaling(plan, "churn-prod", ["champion"]); // one VariantScaling for endpoint/churn-prod/variant/champion
 */
export function desiredScaling(
  plan: ScalingPlan,
  endpoint: string,
  variants: readonly string[],
  challenger?: string,
): VariantScaling[] {
  return variants.map((variant) => {
    const resourceId = variantResourceId(endpoint, variant);
    if (variant === challenger) {
      const min = plan.challenger?.minCapacity ?? plan.minCapacity;
      return { resourceId, minCapacity: min, maxCapacity: plan.challenger?.maxCapacity ?? min, scheduledActions: [] };
    }
    return {
      resourceId,
      minCapacity: plan.minCapacity,
      maxCapacity: plan.maxCapacity,
      policy: plan.targetTracking
        ? {
            targetValue: plan.targetTracking.invocationsPerInstance,
            scaleInCooldown: plan.targetTracking.scaleInCooldownSeconds,
            scaleOutCooldown: plan.targetTracking.scaleOutCooldownSeconds,
            disableScaleIn: plan.targetTracking.disableScaleIn,
          }
        : undefined,
      scheduledActions: plan.schedules.map((s) => ({
        name: `${MANAGED_PREFIX}${s.name}`,
        schedule: s.schedule,
        timezone: s.timezone,
        startTime: normaliseTime(s.startTime),
        endTime: normaliseTime(s.endTime),
        minCapacity: s.minCapacity,
        maxCapacity: s.maxCapacity,
      })),
    };
  });
}

function samePolicy(a: TargetTracking | undefined, b: TargetTracking): boolean {
  return (
    a !== undefined &&
    a.targetValue === b.targetValue &&
    a.scaleInCooldown === b.scaleInCooldown &&
    a.scaleOutCooldown === b.scaleOutCooldown &&
    a.disableScaleIn === b.disableScaleIn
  );
}

function sameAction(a: ScheduledActionSpec, b: ScheduledActionSpec): boolean {
  return (
    a.schedule === b.schedule &&
    (a.timezone ?? "UTC") === (b.timezone ?? "UTC") &&
    normaliseTime(a.startTime) === normaliseTime(b.startTime) &&
    normaliseTime(a.endTime) === normaliseTime(b.endTime) &&
    a.minCapacity === b.minCapacity &&
    a.maxCapacity === b.maxCapacity
  );
}

/**
 * The calls that turn `current` into `desired`, registering targets before anything that
 * needs them, and deleting only managed policies and scheduled actions of these variants.
 *
 * @example
 * diffScaling(desired, current); // [] when Application Auto Scaling already matches the plan
 */
export function diffScaling(desired: readonly VariantScaling[], current: CurrentScaling): ScalingAction[] {
  const actions: ScalingAction[] = [];
  for (const want of desired) {
    const target = current.targets.find((t) => t.resourceId === want.resourceId);
    if (!target || target.minCapacity !== want.minCapacity || target.maxCapacity !== want.maxCapacity) {
      actions.push({
        kind: "register-target",
        resourceId: want.resourceId,
        minCapacity: want.minCapacity,
        maxCapacity: want.maxCapacity,
      });
    }
    const policies = current.policies.filter(
      (p) => p.resourceId === want.resourceId && p.name.startsWith(MANAGED_PREFIX),
    );
    if (want.policy && !samePolicy(policies.find((p) => p.name === POLICY_NAME)?.targetTracking, want.policy)) {
      actions.push({ kind: "put-policy", resourceId: want.resourceId, name: POLICY_NAME, targetTracking: want.policy });
    }
    for (const stale of policies.filter((p) => !(want.policy && p.name === POLICY_NAME))) {
      actions.push({ kind: "delete-policy", resourceId: want.resourceId, name: stale.name });
    }
    const scheduled = current.scheduledActions.filter(
      (a) => a.resourceId === want.resourceId && a.name.startsWith(MANAGED_PREFIX),
    );
    for (const action of want.scheduledActions) {
      const existing = scheduled.find((a) => a.name === action.name);
      if (!existing || !sameAction(existing, action))
        actions.push({ kind: "put-scheduled-action", resourceId: want.resourceId, action });
    }
    for (const stale of scheduled.filter((a) => !want.scheduledActions.some((w) => w.name === a.name))) {
      actions.push({ kind: "delete-scheduled-action", resourceId: want.resourceId, name: stale.name });
    }
  }
  return actions;
}
