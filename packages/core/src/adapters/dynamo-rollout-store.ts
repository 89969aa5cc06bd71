/** The RolloutStore on the state table: version-checked puts, and the due-time GSI for the tick. */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { RolloutStore, StoredRollout } from "../ports/rollout.js";
import { nextDueAt, type Rollout } from "../rollout/machine.js";
import type { RolloutPolicy } from "../rollout/policy.js";
import { keys } from "../state/keys.js";
import { queryAll, queryDue } from "./queries.js";

export class DynamoRolloutStore implements RolloutStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  #item(rollout: Rollout, version: number): Record<string, unknown> {
    const due = nextDueAt(rollout);
    return {
      ...keys.activeRollout(rollout.endpoint),
      endpoint: rollout.endpoint,
      rollout,
      version,
      ...(due ? { duePartition: keys.due.rollouts, dueAt: due } : {}),
    };
  }

  #stored(item: Record<string, unknown> | undefined): StoredRollout | undefined {
    return item ? { rollout: item.rollout as Rollout, version: item.version as number } : undefined;
  }

  async getActive(endpoint: string): Promise<StoredRollout | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.activeRollout(endpoint), ConsistentRead: true }),
    );
    return this.#stored(out.Item);
  }

  #query(prefix: string, forward: boolean, limit?: number): Promise<Record<string, unknown>[]> {
    return queryAll(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": "ROLLOUT", ":prefix": prefix },
        ScanIndexForward: forward,
        ...(limit ? { Limit: limit } : {}),
      },
      limit,
    );
  }

  async listActive(): Promise<StoredRollout[]> {
    return (await this.#query(keys.activeRolloutPrefix, true)).map((item) => this.#stored(item) as StoredRollout);
  }

  async listDue(now: Date): Promise<StoredRollout[]> {
    return (await queryDue(this.client, this.tableName, keys.due.rollouts, now)).map(
      (item) => this.#stored(item) as StoredRollout,
    );
  }

  async createIfAbsent(rollout: Rollout): Promise<{ created: boolean; stored: StoredRollout }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.#item(rollout, 1),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return { created: true, stored: { rollout, version: 1 } };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getActive(rollout.endpoint);
      if (!stored) return this.createIfAbsent(rollout);
      return { created: false, stored };
    }
  }

  async save(rollout: Rollout, expectedVersion: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.#item(rollout, expectedVersion + 1),
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: { ":expected": expectedVersion },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async archive(rollout: Rollout, expectedVersion: number): Promise<void> {
    const endedAt = rollout.endedAt ?? new Date().toISOString();
    // History first (a replay writes the same item), then free the endpoint if nobody moved the rollout since.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.finishedRollout(endedAt, rollout.endpoint), endpoint: rollout.endpoint, rollout },
      }),
    );
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.activeRollout(rollout.endpoint),
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: { ":expected": expectedVersion },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async listRecent(limit: number): Promise<Rollout[]> {
    return (await this.#query(keys.finishedRolloutPrefix, false, limit))
      .slice(0, limit)
      .map((item) => item.rollout as Rollout);
  }

  async getRolloutPolicy(endpoint: string): Promise<RolloutPolicy | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rolloutPolicy(endpoint) }),
    );
    return out.Item?.policy as RolloutPolicy | undefined;
  }

  async putRolloutPolicy(endpoint: string, policy: RolloutPolicy): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.rolloutPolicy(endpoint), endpoint, policy } }),
    );
  }

  async getRetiredModels(endpoint: string): Promise<string[]> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.retiredModels(endpoint) }),
    );
    return (out.Item?.models as string[] | undefined) ?? [];
  }

  async putRetiredModels(endpoint: string, models: readonly string[]): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.retiredModels(endpoint), models } }),
    );
  }
}
