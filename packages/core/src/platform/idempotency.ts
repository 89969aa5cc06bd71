import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";

/** How long a processed event id is remembered (EventBridge retries for at most 24 h). */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

export interface IdempotentOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /** Names the consumer, so one event delivered to two consumers runs in each. */
  readonly consumer: string;
}

/** One delivery of an event: the consumer, the event id, and the parsed event. */
export interface Delivery<E> {
  readonly consumer: string;
  readonly eventId: string;
  readonly event: E;
}

/**
 * Wraps an event consumer so that a redelivered event (same consumer, same event id)
 * returns the first run's result instead of running again. Records live in the state
 * table under `pk = IDEMPOTENCY` (Powertools idempotency; conditional writes only, which
 * dynalite supports).
 *
 * @example
 * const run = idempotentConsumer(selectWinner, { tableName, client, consumer: "tuning-job" });
 * await run({ consumer: "tuning-job", eventId: event.id, event }, context);
 */
export function idempotentConsumer<E, R extends Record<string, unknown>>(
  consume: (delivery: Delivery<E>) => Promise<R>,
  options: IdempotentOptions,
): (delivery: Delivery<E>, context: Context) => Promise<R> {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    keyAttr: "pk",
    sortKeyAttr: "sk",
    staticPkValue: "IDEMPOTENCY",
    expiryAttr: "expiresAt",
    awsSdkV3Client: options.client,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: "[consumer, eventId]",
    expiresAfterSeconds: IDEMPOTENCY_WINDOW_SECONDS,
  });
  const idempotent = makeIdempotent(consume, { persistenceStore, config, dataIndexArgument: 0 });
  return async (delivery, context) => {
    config.registerLambdaContext(context);
    return idempotent(delivery);
  };
}
