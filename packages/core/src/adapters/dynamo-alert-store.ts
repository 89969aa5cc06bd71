/** Drift-alert state on the state table: alerts, routes (webhooks stored apart), silences, dedup, the outbox. */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Alert, AlertDecision, AlertRoute, DedupState, Silence, SilenceInput } from "../alerts/model.js";
import type { AlertStore, DeliveryState, OutboxMessage, StoredAlert } from "../ports/alerts.js";
import { keys } from "../state/keys.js";
import { queryAll, queryDue } from "./queries.js";

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, duePartition: _p, dueAt: _d, claimUntil: _c, ...rest } = item;
  return rest as T;
};

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export class DynamoAlertStore implements AlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Resolves the default route's webhook (configuration, not the table). */
    private readonly defaultWebhook: () => Promise<string>,
  ) {}

  async #get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item ? strip<T>(out.Item) : undefined;
  }

  async #query<T>(pk: string, options: { from?: string; forward?: boolean } = {}): Promise<T[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: options.from ? "pk = :pk AND sk >= :from" : "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk, ...(options.from ? { ":from": options.from } : {}) },
      ScanIndexForward: options.forward ?? true,
    });
    return items.map((item) => strip<T>(item));
  }

  async putAlertIfAbsent(alert: Alert): Promise<StoredAlert> {
    const stored: StoredAlert = { ...alert, deliveryState: "recorded" };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.alert(alert.firstSeen, alert.id), ...stored },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return stored;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return (await this.#get<StoredAlert>(keys.alert(alert.firstSeen, alert.id))) as StoredAlert;
    }
  }

  async setRouting(
    alert: StoredAlert,
    routing: Record<string, AlertDecision>,
    state: StoredAlert["deliveryState"],
  ): Promise<StoredAlert> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.alert(alert.firstSeen, alert.id),
          UpdateExpression: "SET routing = :routing, deliveryState = :state",
          ConditionExpression: "attribute_not_exists(routing)",
          ExpressionAttributeValues: { ":routing": routing, ":state": state },
        }),
      );
      return { ...alert, routing, deliveryState: state };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return (await this.#get<StoredAlert>(keys.alert(alert.firstSeen, alert.id))) as StoredAlert;
    }
  }

  async setDeliveryState(alert: Pick<Alert, "id" | "firstSeen">, state: DeliveryState, sentAt?: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.alert(alert.firstSeen, alert.id),
        UpdateExpression: sentAt ? "SET deliveryState = :state, sentAt = :sentAt" : "SET deliveryState = :state",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":state": state, ...(sentAt ? { ":sentAt": sentAt } : {}) },
      }),
    );
  }

  async listAlerts(filter: {
    endpoint?: string;
    since?: string;
    state?: string;
    limit: number;
  }): Promise<StoredAlert[]> {
    const all = await this.#query<StoredAlert>(keys.alertPartition, {
      ...(filter.since ? { from: filter.since } : {}),
      forward: false,
    });
    return all
      .filter(
        (a) =>
          (!filter.endpoint || a.endpoint === filter.endpoint) && (!filter.state || a.deliveryState === filter.state),
      )
      .slice(0, filter.limit);
  }

  async listRoutes(): Promise<AlertRoute[]> {
    return this.#query<AlertRoute>(keys.alertRoutePartition);
  }

  async putRoute(route: AlertRoute, webhookUrl: string): Promise<void> {
    // The URL is a secret: it lives in its own item, referenced by the route, and is never read back by the API.
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.secret(route.webhookRef), value: webhookUrl } }),
    );
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.alertRoute(route.name), ...route } }),
    );
  }

  async deleteRoute(name: string): Promise<boolean> {
    const out = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.alertRoute(name), ReturnValues: "ALL_OLD" }),
    );
    if (!out.Attributes) return false;
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.secret(out.Attributes.webhookRef as string) }),
    );
    return true;
  }

  async resolveWebhook(ref: string): Promise<string | undefined> {
    if (ref === "config:default") return this.defaultWebhook();
    return (await this.#get<{ value: string }>(keys.secret(ref)))?.value;
  }

  listSilences(): Promise<Silence[]> {
    return this.#query<Silence>(keys.silencePartition);
  }

  async putSilence(input: SilenceInput, id: string, createdAt: string): Promise<Silence> {
    const silence: Silence = { ...input, id, createdAt };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.silence(id), ...silence } }));
    return silence;
  }

  async deleteSilence(id: string): Promise<boolean> {
    const out = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.silence(id), ReturnValues: "ALL_OLD" }),
    );
    return out.Attributes !== undefined;
  }

  getDedup(route: string, key: string): Promise<DedupState | undefined> {
    return this.#get<DedupState>(keys.dedup(route, key));
  }

  async putDedup(route: string, key: string, state: DedupState): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.dedup(route, key), ...state } }),
    );
  }

  async putMessageIfAbsent(message: OutboxMessage): Promise<OutboxMessage> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.outbox(message.id), ...message, duePartition: keys.due.outbox, dueAt: message.nextAttemptAt },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return message;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return (await this.getMessage(message.id)) as OutboxMessage;
    }
  }

  getMessage(id: string): Promise<OutboxMessage | undefined> {
    return this.#get<OutboxMessage>(keys.outbox(id));
  }

  async claimMessage(id: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(id),
          UpdateExpression: "SET claimUntil = :until",
          ConditionExpression:
            "#state = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(claimUntil) OR claimUntil <= :now)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: {
            ":until": until.toISOString(),
            ":pending": "pending",
            ":now": now.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async markSent(id: string, sentAt: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outbox(id),
        UpdateExpression:
          "SET #state = :sent, sentAt = :sentAt, attempts = attempts + :one REMOVE duePartition, dueAt, claimUntil",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":sent": "sent", ":sentAt": sentAt, ":one": 1 },
      }),
    );
  }

  async deferMessage(id: string, nextAttemptAt: string, error: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outbox(id),
        UpdateExpression:
          "SET nextAttemptAt = :next, dueAt = :next, lastError = :error, attempts = attempts + :one REMOVE claimUntil",
        ExpressionAttributeValues: { ":next": nextAttemptAt, ":error": error, ":one": 1 },
      }),
    );
  }

  async listDueMessages(now: Date): Promise<OutboxMessage[]> {
    const items = await queryDue(this.client, this.tableName, keys.due.outbox, now);
    return items.map((item) => strip<OutboxMessage>(item)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async takeRateSlot(webhookRef: string, nowMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.webhookRate(webhookRef), lastSentMs: nowMs },
          ConditionExpression: "attribute_not_exists(pk) OR lastSentMs <= :earliest",
          ExpressionAttributeValues: { ":earliest": nowMs - 1000 },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
