/**
 * Simulated Application Auto Scaling for SageMaker variants: scalable targets, target
 * tracking policies and scheduled actions. Deregistering a target deletes its policies and
 * scheduled actions, as on AWS.
 */
import { AwsServiceError } from "../aws-protocol.js";
import type { LocalClock } from "../clock.js";

type Json = Record<string, unknown>;
const DIMENSION = "sagemaker:variant:DesiredInstanceCount";
const ACCOUNT = "000000000000";

interface Target {
  ResourceId: string;
  MinCapacity: number;
  MaxCapacity: number;
  CreationTime: number;
}

export class AutoScalingState {
  readonly targets = new Map<string, Target>();
  readonly policies = new Map<string, Json>();
  readonly scheduledActions = new Map<string, Json>();

  constructor(
    private readonly clock: LocalClock,
    /** Whether a SageMaker variant exists (the endpoint lookup of the simulator). */
    private readonly variantExists: (endpoint: string, variant: string) => boolean,
  ) {}

  isRegistered(resourceId: string): boolean {
    return this.targets.has(resourceId);
  }

  #checkScope(input: Json): string {
    if (input.ServiceNamespace !== "sagemaker") {
      throw new AwsServiceError("ValidationException", "Only the sagemaker service namespace is simulated");
    }
    if (input.ScalableDimension !== undefined && input.ScalableDimension !== DIMENSION) {
      throw new AwsServiceError(
        "ValidationException",
        `Unsupported scalable dimension ${String(input.ScalableDimension)}`,
      );
    }
    const resourceId = String(input.ResourceId ?? "");
    if (!/^endpoint\/[^/]+\/variant\/[^/]+$/.test(resourceId)) {
      throw new AwsServiceError(
        "ValidationException",
        `Unsupported resource ID ${resourceId}: expected endpoint/{name}/variant/{variant}`,
      );
    }
    return resourceId;
  }

  #target(resourceId: string): Target {
    const target = this.targets.get(resourceId);
    if (!target) {
      throw new AwsServiceError(
        "ObjectNotFoundException",
        `No scalable target registered for service namespace: sagemaker, resource ID: ${resourceId}, scalable dimension: ${DIMENSION}`,
      );
    }
    return target;
  }

  registerScalableTarget(input: Json): Json {
    const resourceId = this.#checkScope(input);
    const [, endpoint = "", , variant = ""] = resourceId.split("/");
    if (!this.variantExists(endpoint, variant)) {
      throw new AwsServiceError("ValidationException", `The endpoint variant ${resourceId} does not exist.`);
    }
    const existing = this.targets.get(resourceId);
    const min = input.MinCapacity === undefined ? existing?.MinCapacity : Number(input.MinCapacity);
    const max = input.MaxCapacity === undefined ? existing?.MaxCapacity : Number(input.MaxCapacity);
    if (min === undefined || max === undefined) {
      throw new AwsServiceError(
        "ValidationException",
        "MinCapacity and MaxCapacity are required for a new scalable target",
      );
    }
    if (min > max)
      throw new AwsServiceError("ValidationException", "Minimum capacity cannot be greater than maximum capacity");
    this.targets.set(resourceId, {
      ResourceId: resourceId,
      MinCapacity: min,
      MaxCapacity: max,
      CreationTime: existing?.CreationTime ?? this.clock.now() / 1000,
    });
    return {
      ScalableTargetARN: `arn:aws:application-autoscaling:us-east-1:${ACCOUNT}:scalable-target/${Buffer.from(resourceId).toString("hex").slice(0, 32)}`,
    };
  }

  deregisterScalableTarget(input: Json): Json {
    const resourceId = this.#checkScope(input);
    this.#target(resourceId);
    this.targets.delete(resourceId);
    for (const [key, policy] of this.policies) if (policy.ResourceId === resourceId) this.policies.delete(key);
    for (const [key, action] of this.scheduledActions)
      if (action.ResourceId === resourceId) this.scheduledActions.delete(key);
    return {};
  }

  describeScalableTargets(input: Json): Json {
    const ids = input.ResourceIds as string[] | undefined;
    return {
      ScalableTargets: [...this.targets.values()]
        .filter((t) => !ids || ids.includes(t.ResourceId))
        .map((t) => ({
          ServiceNamespace: "sagemaker",
          ResourceId: t.ResourceId,
          ScalableDimension: DIMENSION,
          MinCapacity: t.MinCapacity,
          MaxCapacity: t.MaxCapacity,
          RoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`,
          CreationTime: t.CreationTime,
          SuspendedState: {
            DynamicScalingInSuspended: false,
            DynamicScalingOutSuspended: false,
            ScheduledScalingSuspended: false,
          },
        })),
    };
  }

  putScalingPolicy(input: Json): Json {
    const resourceId = this.#checkScope(input);
    this.#target(resourceId);
    const name = String(input.PolicyName ?? "");
    if (!name) throw new AwsServiceError("ValidationException", "PolicyName is required");
    if (input.PolicyType !== "TargetTrackingScaling" && input.PolicyType !== "StepScaling") {
      throw new AwsServiceError("ValidationException", "PolicyType must be TargetTrackingScaling or StepScaling");
    }
    const policyArn = `arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:local:resource/sagemaker/${resourceId}:policyName/${name}`;
    this.policies.set(`${resourceId}|${name}`, {
      PolicyARN: policyArn,
      PolicyName: name,
      ServiceNamespace: "sagemaker",
      ResourceId: resourceId,
      ScalableDimension: DIMENSION,
      PolicyType: input.PolicyType,
      ...(input.TargetTrackingScalingPolicyConfiguration
        ? { TargetTrackingScalingPolicyConfiguration: input.TargetTrackingScalingPolicyConfiguration }
        : {}),
      ...(input.StepScalingPolicyConfiguration
        ? { StepScalingPolicyConfiguration: input.StepScalingPolicyConfiguration }
        : {}),
      Alarms: [],
      CreationTime: this.clock.now() / 1000,
    });
    return { PolicyARN: policyArn, Alarms: [] };
  }

  deleteScalingPolicy(input: Json): Json {
    const resourceId = this.#checkScope(input);
    const key = `${resourceId}|${String(input.PolicyName)}`;
    if (!this.policies.delete(key)) {
      throw new AwsServiceError(
        "ObjectNotFoundException",
        `No scaling policy found for service namespace: sagemaker, resource ID: ${resourceId}, scalable dimension: ${DIMENSION}, policy name: ${String(input.PolicyName)}`,
      );
    }
    return {};
  }

  describeScalingPolicies(input: Json): Json {
    const names = input.PolicyNames as string[] | undefined;
    return {
      ScalingPolicies: [...this.policies.values()].filter(
        (p) =>
          (!input.ResourceId || p.ResourceId === input.ResourceId) && (!names || names.includes(String(p.PolicyName))),
      ),
    };
  }

  putScheduledAction(input: Json): Json {
    const resourceId = this.#checkScope(input);
    this.#target(resourceId);
    const name = String(input.ScheduledActionName ?? "");
    const schedule = String(input.Schedule ?? "");
    if (!name) throw new AwsServiceError("ValidationException", "ScheduledActionName is required");
    if (!/^(at|rate|cron)\(.+\)$/.test(schedule))
      throw new AwsServiceError("ValidationException", `Invalid schedule expression ${schedule}`);
    const key = `${resourceId}|${name}`;
    const existing = this.scheduledActions.get(key);
    this.scheduledActions.set(key, {
      ScheduledActionName: name,
      ScheduledActionARN: `arn:aws:autoscaling:us-east-1:${ACCOUNT}:scheduledAction:local:resource/sagemaker/${resourceId}:scheduledActionName/${name}`,
      ServiceNamespace: "sagemaker",
      Schedule: schedule,
      ...(input.Timezone ? { Timezone: input.Timezone } : {}),
      ResourceId: resourceId,
      ScalableDimension: DIMENSION,
      ...(input.StartTime !== undefined ? { StartTime: input.StartTime } : {}),
      ...(input.EndTime !== undefined ? { EndTime: input.EndTime } : {}),
      ScalableTargetAction: input.ScalableTargetAction ?? existing?.ScalableTargetAction ?? {},
      CreationTime: (existing?.CreationTime as number | undefined) ?? this.clock.now() / 1000,
    });
    return {};
  }

  deleteScheduledAction(input: Json): Json {
    const resourceId = this.#checkScope(input);
    if (!this.scheduledActions.delete(`${resourceId}|${String(input.ScheduledActionName)}`)) {
      throw new AwsServiceError(
        "ObjectNotFoundException",
        `No scheduled action found for service namespace: sagemaker, resource ID: ${resourceId}, scalable dimension: ${DIMENSION}, scheduled action name: ${String(input.ScheduledActionName)}`,
      );
    }
    return {};
  }

  describeScheduledActions(input: Json): Json {
    const names = input.ScheduledActionNames as string[] | undefined;
    return {
      ScheduledActions: [...this.scheduledActions.values()].filter(
        (a) =>
          (!input.ResourceId || a.ResourceId === input.ResourceId) &&
          (!names || names.includes(String(a.ScheduledActionName))),
      ),
    };
  }

  operations(): Record<string, (input: Json) => Json> {
    return {
      RegisterScalableTarget: (i) => this.registerScalableTarget(i),
      DeregisterScalableTarget: (i) => this.deregisterScalableTarget(i),
      DescribeScalableTargets: (i) => this.describeScalableTargets(i),
      PutScalingPolicy: (i) => this.putScalingPolicy(i),
      DeleteScalingPolicy: (i) => this.deleteScalingPolicy(i),
      DescribeScalingPolicies: (i) => this.describeScalingPolicies(i),
      PutScheduledAction: (i) => this.putScheduledAction(i),
      DeleteScheduledAction: (i) => this.deleteScheduledAction(i),
      DescribeScheduledActions: (i) => this.describeScheduledActions(i),
    };
  }
}
