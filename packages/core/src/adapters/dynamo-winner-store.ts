/** The WinnerStore on the DynamoDB state table (conditional writes; no transactions, which dynalite lacks). */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError } from "../errors.js";
import type { RolloutRequest, ShippedModel, StoredDecision, WinnerStore } from "../ports/winner-store.js";
import { requestedRollout } from "../rollout/machine.js";
import { keys, withoutKeys } from "../state/keys.js";
import type { PromotionPolicy, WinnerDecision } from "../winner/decision.js";
import { variantNameFor } from "../winner/naming.js";
import type { Champion } from "../winner/selection.js";
import { DynamoRolloutStore } from "./dynamo-rollout-store.js";
import { queryAll } from "./queries.js";

export class DynamoWinnerStore implements WinnerStore {
  readonly rollouts: DynamoRolloutStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.rollouts = new DynamoRolloutStore(client, tableName);
  }

  async #get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item ? withoutKeys<T>(out.Item) : undefined;
  }

  getDecision(tuningJob: string): Promise<StoredDecision | undefined> {
    return this.#get<StoredDecision>(keys.decision(tuningJob));
  }

  async putDecisionIfAbsent(decision: WinnerDecision): Promise<StoredDecision> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.decision(decision.tuningJob), ...decision, version: 1 },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return decision;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getDecision(decision.tuningJob);
      if (!stored) throw new ConflictError(`Decision for ${decision.tuningJob} vanished`, { cause: error });
      return stored;
    }
  }

  async updateDecision(
    tuningJob: string,
    changes: Pick<StoredDecision, "modelCreated" | "handOff" | "notified">,
  ): Promise<StoredDecision> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.decision(tuningJob),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(", ")}, version = version + :one`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])), ":one": 1 },
        ReturnValues: "ALL_NEW",
      }),
    );
    return withoutKeys<StoredDecision>(out.Attributes ?? {});
  }

  getChampion(endpoint: string): Promise<Champion | undefined> {
    return this.#get<Champion>(keys.champion(endpoint));
  }

  async putChampion(endpoint: string, champion: Champion & { readonly since: string }): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.champion(endpoint), endpoint, ...champion } }),
    );
  }

  async getPromotionPolicy(endpoint: string): Promise<PromotionPolicy | undefined> {
    const stored = await this.#get<PromotionPolicy & { endpoint?: string }>(keys.promotionPolicy(endpoint));
    if (!stored) return undefined;
    const { endpoint: _endpoint, ...policy } = stored;
    return policy;
  }

  async putPromotionPolicy(endpoint: string, policy: PromotionPolicy): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.promotionPolicy(endpoint), endpoint, ...policy } }),
    );
  }

  async recordShippedModel(model: ShippedModel): Promise<void> {
    // Deterministic key: a replay writes the same item again.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.shippedModel(model.endpoint, model.shippedAt, model.modelName), ...model },
      }),
    );
  }

  async listShippedModels(endpoint: string): Promise<ShippedModel[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.champion(endpoint).pk, ":prefix": keys.shippedModelPrefix },
      ScanIndexForward: false,
    });
    return items.map((item) => withoutKeys<ShippedModel>(item));
  }

  async markShippedModel(
    endpoint: string,
    modelName: string,
    status: NonNullable<ShippedModel["status"]>,
  ): Promise<void> {
    const model = (await this.listShippedModels(endpoint)).find((m) => m.modelName === modelName);
    if (!model) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.shippedModel(endpoint, model.shippedAt, modelName),
        UpdateExpression: "SET #status = :status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status },
      }),
    );
  }

  async requestRollout(
    request: RolloutRequest,
  ): Promise<{ accepted: true } | { accepted: false; active: RolloutRequest }> {
    const { stored } = await this.rollouts.createIfAbsent(
      requestedRollout({ ...request, variantName: variantNameFor(request.modelName) }),
    );
    const active = stored.rollout;
    if (active.tuningJob === request.tuningJob) return { accepted: true };
    return {
      accepted: false,
      active: {
        endpoint: active.endpoint,
        tuningJob: active.tuningJob,
        modelName: active.challenger.modelName,
        metricValue: active.challenger.metricValue,
        requestedAt: active.requestedAt,
      },
    };
  }
}
