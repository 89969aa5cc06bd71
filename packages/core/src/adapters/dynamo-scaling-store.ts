/** Scaling plans on the state table, with the next drift check in the due-time index. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ScalingStore, StoredScalingPlan } from "../ports/scaling.js";
import type { ScalingPlan } from "../scaling/plan.js";
import { keys } from "../state/keys.js";
import { queryDue } from "./queries.js";

export class DynamoScalingStore implements ScalingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getPlan(endpoint: string): Promise<StoredScalingPlan | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.scalingPlan(endpoint), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return {
      endpoint,
      plan: out.Item.plan as ScalingPlan,
      lastApplied: out.Item.lastApplied as StoredScalingPlan["lastApplied"],
      appliedConfig: out.Item.appliedConfig as string | undefined,
    };
  }

  async putPlan(endpoint: string, plan: ScalingPlan, checkAt: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.scalingPlan(endpoint),
          endpoint,
          plan,
          duePartition: keys.due.scaling,
          dueAt: checkAt.toISOString(),
        },
      }),
    );
  }

  async listDueForCheck(now: Date): Promise<StoredScalingPlan[]> {
    return (await queryDue(this.client, this.tableName, keys.due.scaling, now)).map((item) => ({
      endpoint: item.endpoint as string,
      plan: item.plan as ScalingPlan,
      lastApplied: item.lastApplied as StoredScalingPlan["lastApplied"],
      appliedConfig: item.appliedConfig as string | undefined,
    }));
  }

  async recordApplied(
    endpoint: string,
    applied: NonNullable<StoredScalingPlan["lastApplied"]>,
    configName: string,
    nextCheckAt: Date,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.scalingPlan(endpoint),
        UpdateExpression: "SET lastApplied = :applied, appliedConfig = :config, dueAt = :due",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":applied": applied, ":config": configName, ":due": nextCheckAt.toISOString() },
      }),
    );
  }
}
