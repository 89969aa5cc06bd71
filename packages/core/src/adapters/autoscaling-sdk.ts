/** Application Auto Scaling over the AWS SDK v3 client, for SageMaker variants. */
import {
  type ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandOutput,
  DescribeScalingPoliciesCommand,
  type DescribeScalingPoliciesCommandOutput,
  DescribeScheduledActionsCommand,
  type DescribeScheduledActionsCommandOutput,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import type { VariantScalingPort } from "../ports/rollout.js";
import type { ScalingPort } from "../ports/scaling.js";
import { type CurrentScaling, type ScalingAction, variantResourceId } from "../scaling/diff.js";

export const VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount";
const NAMESPACE = "sagemaker";
const scope = (resourceId: string) =>
  ({ ServiceNamespace: NAMESPACE, ResourceId: resourceId, ScalableDimension: VARIANT_DIMENSION }) as const;

export class SdkScaling implements ScalingPort, VariantScalingPort {
  constructor(private readonly client: ApplicationAutoScalingClient) {}

  async deregisterVariant(endpoint: string, variant: string): Promise<"deregistered" | "not-registered"> {
    try {
      await this.client.send(new DeregisterScalableTargetCommand(scope(variantResourceId(endpoint, variant))));
      return "deregistered";
    } catch (error) {
      if (error instanceof ObjectNotFoundException) return "not-registered";
      throw error;
    }
  }

  async describe(resourceIds: readonly string[]): Promise<CurrentScaling> {
    if (resourceIds.length === 0) return { targets: [], policies: [], scheduledActions: [] };
    const targets: CurrentScaling["targets"][number][] = [];
    let next: string | undefined;
    do {
      const page: DescribeScalableTargetsCommandOutput = await this.client.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: NAMESPACE,
          ResourceIds: [...resourceIds],
          ScalableDimension: VARIANT_DIMENSION,
          NextToken: next,
        }),
      );
      for (const t of page.ScalableTargets ?? []) {
        targets.push({
          resourceId: t.ResourceId ?? "",
          minCapacity: t.MinCapacity ?? 0,
          maxCapacity: t.MaxCapacity ?? 0,
        });
      }
      next = page.NextToken;
    } while (next);
    const policies: CurrentScaling["policies"][number][] = [];
    const scheduledActions: CurrentScaling["scheduledActions"][number][] = [];
    for (const resourceId of resourceIds) {
      let token: string | undefined;
      do {
        const page: DescribeScalingPoliciesCommandOutput = await this.client.send(
          new DescribeScalingPoliciesCommand({
            ServiceNamespace: NAMESPACE,
            ResourceId: resourceId,
            ScalableDimension: VARIANT_DIMENSION,
            NextToken: token,
          }),
        );
        for (const p of page.ScalingPolicies ?? []) {
          const c = p.TargetTrackingScalingPolicyConfiguration;
          policies.push({
            resourceId,
            name: p.PolicyName ?? "",
            targetTracking: c
              ? {
                  targetValue: c.TargetValue ?? 0,
                  scaleInCooldown: c.ScaleInCooldown ?? 300,
                  scaleOutCooldown: c.ScaleOutCooldown ?? 300,
                  disableScaleIn: c.DisableScaleIn ?? false,
                }
              : undefined,
          });
        }
        token = page.NextToken;
      } while (token);
      token = undefined;
      do {
        const page: DescribeScheduledActionsCommandOutput = await this.client.send(
          new DescribeScheduledActionsCommand({
            ServiceNamespace: NAMESPACE,
            ResourceId: resourceId,
            ScalableDimension: VARIANT_DIMENSION,
            NextToken: token,
          }),
        );
        for (const a of page.ScheduledActions ?? []) {
          scheduledActions.push({
            resourceId,
            name: a.ScheduledActionName ?? "",
            schedule: a.Schedule ?? "",
            timezone: a.Timezone,
            startTime: a.StartTime?.toISOString(),
            endTime: a.EndTime?.toISOString(),
            minCapacity: a.ScalableTargetAction?.MinCapacity,
            maxCapacity: a.ScalableTargetAction?.MaxCapacity,
          });
        }
        token = page.NextToken;
      } while (token);
    }
    return { targets, policies, scheduledActions };
  }

  async apply(action: ScalingAction): Promise<void> {
    switch (action.kind) {
      case "register-target":
        await this.client.send(
          new RegisterScalableTargetCommand({
            ...scope(action.resourceId),
            MinCapacity: action.minCapacity,
            MaxCapacity: action.maxCapacity,
          }),
        );
        return;
      case "put-policy":
        await this.client.send(
          new PutScalingPolicyCommand({
            ...scope(action.resourceId),
            PolicyName: action.name,
            PolicyType: "TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: action.targetTracking.targetValue,
              PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
              ScaleInCooldown: action.targetTracking.scaleInCooldown,
              ScaleOutCooldown: action.targetTracking.scaleOutCooldown,
              DisableScaleIn: action.targetTracking.disableScaleIn,
            },
          }),
        );
        return;
      case "delete-policy":
        await this.client.send(
          new DeleteScalingPolicyCommand({ ...scope(action.resourceId), PolicyName: action.name }),
        );
        return;
      case "put-scheduled-action": {
        const a = action.action;
        await this.client.send(
          new PutScheduledActionCommand({
            ...scope(action.resourceId),
            ScheduledActionName: a.name,
            Schedule: a.schedule,
            ...(a.timezone ? { Timezone: a.timezone } : {}),
            ...(a.startTime ? { StartTime: new Date(a.startTime) } : {}),
            ...(a.endTime ? { EndTime: new Date(a.endTime) } : {}),
            ScalableTargetAction: {
              ...(a.minCapacity === undefined ? {} : { MinCapacity: a.minCapacity }),
              ...(a.maxCapacity === undefined ? {} : { MaxCapacity: a.maxCapacity }),
            },
          }),
        );
        return;
      }
      case "delete-scheduled-action":
        await this.client.send(
          new DeleteScheduledActionCommand({ ...scope(action.resourceId), ScheduledActionName: action.name }),
        );
        return;
    }
  }
}
