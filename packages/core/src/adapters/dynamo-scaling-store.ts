/** Scaling plans on the state table, with the next drift check in the due-time index. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { TABLE_SCHEMA } from "../platform/table-schema.js";
import type { ScalingStore, StoredScalingPlan } from "../ports/scaling.js";
import type { ScalingPlan } from "../scaling/plan.js";
import { keys } from "../state/keys.js";

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
    const { dueIndex } = TABLE_SCHEMA;
    const plans: StoredScalingPlan[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: dueIndex.name,
          KeyConditionExpression: "#p = :p AND #d <= :now",
          ExpressionAttributeNames: { "#p": dueIndex.partitionKey, "#d": dueIndex.sortKey },
          ExpressionAttributeValues: { ":p": keys.due.scaling, ":now": now.toISOString() },
          ExclusiveStartKey,
        }),
      );
      for (const item of out.Items ?? []) {
        plans.push({
          endpoint: item.endpoint as string,
          plan: item.plan as ScalingPlan,
          lastApplied: item.lastApplied as StoredScalingPlan["lastApplied"],
        });
      }
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return plans;
  }

  async recordApplied(
    endpoint: string,
    applied: NonNullable<StoredScalingPlan["lastApplied"]>,
    nextCheckAt: Date,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.scalingPlan(endpoint),
        UpdateExpression: "SET lastApplied = :applied, dueAt = :due",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":applied": applied, ":due": nextCheckAt.toISOString() },
      }),
    );
  }
}
