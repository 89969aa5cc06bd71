import { Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Config, Table } from "sst/constructs";
import { Function as SstFunction } from "sst/constructs";
import { permissionsFor, TABLE_ACTIONS } from "./permissions.js";

export interface LambdaDeps {
  readonly table: Table;
  readonly slackWebhookUrl: Config.Secret;
  readonly slackWebhookParameter: string;
}

/**
 * One Lambda function for a handler module, with exactly the permissions
 * `stacks/permissions.ts` declares for it and the configuration it reads at start-up.
 */
export function createLambda(
  scope: Stack,
  id: string,
  handler: string,
  deps: LambdaDeps,
  options: { deadLetterQueue?: IQueue } = {},
): SstFunction {
  const permissions = permissionsFor(handler);
  const stack = Stack.of(scope);
  const statements: PolicyStatement[] = [];
  if (permissions.table) {
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...TABLE_ACTIONS[permissions.table]],
        resources: [deps.table.tableArn, `${deps.table.tableArn}/index/*`],
      }),
    );
  }
  for (const grant of permissions.sagemaker ?? []) {
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...grant.actions],
        resources: grant.on.map((type) => stack.formatArn({ service: "sagemaker", resource: type, resourceName: "*" })),
      }),
    );
  }
  if (permissions.autoscaling) {
    // Application Auto Scaling has no resource-level permissions: its actions take `*` as resource only.
    statements.push(
      new PolicyStatement({ effect: Effect.ALLOW, actions: [...permissions.autoscaling], resources: ["*"] }),
    );
  }
  if (permissions.s3Read) {
    statements.push(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::*/*"] }),
    );
  }
  if (permissions.passRole) {
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["iam:PassRole"],
        resources: [stack.formatArn({ service: "iam", region: "", resource: "role", resourceName: "*" })],
        conditions: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
      }),
    );
  }
  if (permissions.slackSecret) {
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["ssm:GetParameter"],
        resources: [
          stack.formatArn({
            service: "ssm",
            resource: "parameter",
            resourceName: deps.slackWebhookParameter.replace(/^\//, ""),
          }),
        ],
      }),
    );
  }
  const fn = new SstFunction(scope, id, {
    handler: `packages/functions/src/${handler}`,
    environment: {
      TABLE_NAME: deps.table.tableName,
      ...(permissions.slackSecret ? { SLACK_WEBHOOK_PARAMETER: deps.slackWebhookParameter } : {}),
    },
    permissions: statements,
    ...(permissions.slackSecret ? { bind: [deps.slackWebhookUrl] } : {}),
    // Asynchronous invocations that still fail after Lambda's retries are parked, not dropped.
    ...(options.deadLetterQueue ? { deadLetterQueue: options.deadLetterQueue, retryAttempts: 2 } : {}),
  });
  return fn;
}
