/**
 * Least privilege, per function: every action is named (no `*`, no `dynamodb:*`), and
 * each SageMaker action is scoped to the resource type it acts on. The infrastructure
 * tests read the synthesized policies back and hold them to this.
 */

/** DynamoDB actions a function needs on the state table. */
export type TableAccess = "read" | "write";

/** SageMaker resource types, as they appear in ARNs. */
export type SageMakerResource =
  | "hyper-parameter-tuning-job"
  | "training-job"
  | "model"
  | "endpoint-config"
  | "endpoint"
  | "monitoring-schedule"
  | "processing-job"
  | "feature-group";

export interface FunctionPermissions {
  readonly table?: TableAccess;
  readonly sagemaker?: ReadonlyArray<{
    readonly actions: readonly string[];
    readonly on: readonly SageMakerResource[];
  }>;
  readonly autoscaling?: readonly string[];
  readonly s3Read?: boolean;
  readonly passRole?: boolean;
  readonly slackSecret?: boolean;
}

export const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = {
  read: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
  write: [
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
  ],
};

/** Application Auto Scaling, for every function that applies scaling plans or removes variants. */
const SCALING_ACTIONS = [
  "application-autoscaling:RegisterScalableTarget",
  "application-autoscaling:DeregisterScalableTarget",
  "application-autoscaling:DescribeScalableTargets",
  "application-autoscaling:PutScalingPolicy",
  "application-autoscaling:DeleteScalingPolicy",
  "application-autoscaling:DescribeScalingPolicies",
  "application-autoscaling:PutScheduledAction",
  "application-autoscaling:DeleteScheduledAction",
  "application-autoscaling:DescribeScheduledActions",
] as const;

/** What driving a rollout takes in SageMaker: shift weights, deploy configs, clean up configs and models. */
const ROLLOUT_SAGEMAKER: NonNullable<FunctionPermissions["sagemaker"]> = [
  {
    actions: ["sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:UpdateEndpointWeightsAndCapacities"],
    on: ["endpoint"],
  },
  {
    actions: ["sagemaker:CreateEndpointConfig", "sagemaker:DescribeEndpointConfig", "sagemaker:DeleteEndpointConfig"],
    on: ["endpoint-config"],
  },
  { actions: ["sagemaker:DeleteModel"], on: ["model"] },
];

/** Permissions by handler module (the `handler` of a rule target or a route). */
export const PERMISSIONS: Record<string, FunctionPermissions> = {
  "events/tuning-job-state.handler": {
    table: "write",
    slackSecret: true,
    passRole: true,
    sagemaker: [
      {
        actions: ["sagemaker:DescribeHyperParameterTuningJob", "sagemaker:ListTrainingJobsForHyperParameterTuningJob"],
        on: ["hyper-parameter-tuning-job"],
      },
      { actions: ["sagemaker:DescribeTrainingJob"], on: ["training-job"] },
      { actions: ["sagemaker:ListTags"], on: ["hyper-parameter-tuning-job", "training-job", "endpoint"] },
      {
        actions: ["sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:AddTags", "sagemaker:DeleteModel"],
        on: ["model"],
      },
      {
        actions: [
          "sagemaker:CreateEndpointConfig",
          "sagemaker:DescribeEndpointConfig",
          "sagemaker:DeleteEndpointConfig",
        ],
        on: ["endpoint-config"],
      },
      {
        actions: [
          "sagemaker:DescribeEndpoint",
          "sagemaker:CreateEndpoint",
          "sagemaker:UpdateEndpoint",
          "sagemaker:UpdateEndpointWeightsAndCapacities",
        ],
        on: ["endpoint"],
      },
    ],
    // Starting a rollout may remove variants and re-apply the scaling plan.
    autoscaling: SCALING_ACTIONS,
  },
  "events/endpoint-state.handler": {
    table: "write",
    slackSecret: true,
    sagemaker: [...ROLLOUT_SAGEMAKER],
    autoscaling: SCALING_ACTIONS,
  },
  "events/processing-job-state.handler": {
    table: "write",
    slackSecret: true,
    s3Read: true,
    sagemaker: [
      { actions: ["sagemaker:DescribeProcessingJob"], on: ["processing-job"] },
      {
        actions: ["sagemaker:DescribeMonitoringSchedule", "sagemaker:ListMonitoringExecutions"],
        on: ["monitoring-schedule"],
      },
      // A critical alert rolls back the endpoint's active rollout.
      ...ROLLOUT_SAGEMAKER,
    ],
    autoscaling: SCALING_ACTIONS,
  },
  "events/alarm-state.handler": {
    table: "write",
    slackSecret: true,
    sagemaker: [...ROLLOUT_SAGEMAKER],
    autoscaling: SCALING_ACTIONS,
  },
  "events/tick.handler": {
    table: "write",
    slackSecret: true,
    sagemaker: [...ROLLOUT_SAGEMAKER],
    autoscaling: SCALING_ACTIONS,
  },
  "api/health.handler": {},
  "api/openapi.get": {},
  "api/tuning-jobs.get": { table: "read" },
  "api/endpoints.listModels": { table: "read" },
  "api/endpoints.getPromotionPolicy": { table: "read" },
  "api/endpoints.putPromotionPolicy": { table: "write" },
  "api/scaling-plans.get": {
    table: "read",
    sagemaker: [{ actions: ["sagemaker:DescribeEndpoint"], on: ["endpoint"] }],
    autoscaling: [
      "application-autoscaling:DescribeScalableTargets",
      "application-autoscaling:DescribeScalingPolicies",
      "application-autoscaling:DescribeScheduledActions",
    ],
  },
  "api/scaling-plans.put": {
    table: "write",
    sagemaker: [{ actions: ["sagemaker:DescribeEndpoint"], on: ["endpoint"] }],
    autoscaling: SCALING_ACTIONS,
  },
  "api/alerts.listAlerts": { table: "read" },
  "api/alerts.listRoutes": { table: "read" },
  "api/alerts.putRoute": { table: "write" },
  "api/alerts.deleteRoute": { table: "write" },
  "api/alerts.listSilences": { table: "read" },
  "api/alerts.createSilence": { table: "write" },
  "api/alerts.deleteSilence": { table: "write" },
  "api/features.describe": { sagemaker: [{ actions: ["sagemaker:DescribeFeatureGroup"], on: ["feature-group"] }] },
  "api/features.get": {
    sagemaker: [{ actions: ["sagemaker:DescribeFeatureGroup", "sagemaker:GetRecord"], on: ["feature-group"] }],
  },
  "api/features.put": {
    sagemaker: [{ actions: ["sagemaker:DescribeFeatureGroup", "sagemaker:PutRecord"], on: ["feature-group"] }],
  },
  "api/features.remove": {
    sagemaker: [{ actions: ["sagemaker:DescribeFeatureGroup", "sagemaker:DeleteRecord"], on: ["feature-group"] }],
  },
  "api/features.batchGet": {
    sagemaker: [{ actions: ["sagemaker:DescribeFeatureGroup", "sagemaker:BatchGetRecord"], on: ["feature-group"] }],
  },
  "api/rollouts.list": { table: "read" },
  "api/rollouts.get": { table: "read" },
  "api/rollouts.getPolicy": { table: "read" },
  "api/rollouts.putPolicy": { table: "write" },
  "api/rollouts.act": {
    table: "write",
    slackSecret: true,
    sagemaker: [...ROLLOUT_SAGEMAKER],
    autoscaling: SCALING_ACTIONS,
  },
};

/** The permissions of a handler; a handler without an entry is a mistake caught at synthesis. */
export function permissionsFor(handler: string): FunctionPermissions {
  const found = PERMISSIONS[handler];
  if (!found) throw new Error(`No permissions are declared for handler "${handler}" in stacks/permissions.ts`);
  return found;
}
