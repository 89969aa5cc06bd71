import middy from "@middy/core";
import { config } from "@sagemaker-lifecycle/core/config";
import * as awsClients from "@sagemaker-lifecycle/core/platform/aws-clients";
import { idempotentConsumer } from "@sagemaker-lifecycle/core/platform/idempotency";
import type { Log } from "@sagemaker-lifecycle/core/platform/logger";
import { loggerFor, rootLogger } from "@sagemaker-lifecycle/core/platform/logger";
import { parseOrThrow } from "@sagemaker-lifecycle/core/validation";
import type { Context } from "aws-lambda";
import type * as core from "zod/v4/core";
import { onReset } from "./deps.js";

export interface EventHandlerDefinition<S extends core.$ZodType, R extends Record<string, unknown>> {
  /** Names the consumer in logs and idempotency keys. */
  readonly consumer: string;
  readonly schema: S;
  readonly handle: (event: core.output<S>, log: Log) => Promise<R>;
  /**
   * Idempotency by event id (default true). Only the tick turns it off: everything it does
   * is idempotent by its own conditional writes, and skipping the record saves two writes a
   * minute (measured in `npm run bench`).
   */
  readonly idempotentByEventId?: boolean;
}

/**
 * The shell of every EventBridge consumer: a logger keyed by the event id, the event
 * validated with its zod schema (a malformed event fails loudly and ends in the
 * dead-letter queue), and idempotency by (consumer, event id) on the state table.
 */
export function defineEventHandler<S extends core.$ZodType, R extends Record<string, unknown>>(
  definition: EventHandlerDefinition<S, R>,
) {
  type Delivery = { consumer: string; eventId: string; event: core.output<S> };
  let run: ((delivery: Delivery, context: Context) => Promise<R>) | undefined;
  // Each invocation's logger travels with its delivery object (invocations may overlap in local mode).
  const loggers = new WeakMap<Delivery, Log>();
  onReset(() => {
    run = undefined;
  });
  return middy<unknown, R, Error, Context>().handler(async (raw, context) => {
    const eventId =
      typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : context.awsRequestId;
    const log = loggerFor(eventId, { consumer: definition.consumer });
    let event: core.output<S>;
    try {
      event = parseOrThrow(definition.schema, raw, `${definition.consumer} event`);
    } catch (error) {
      // The problems say what is wrong; the zod cause would only repeat them.
      log.error("Rejected a malformed event", { problems: (error as { details?: unknown }).details });
      throw error;
    }
    run ??= idempotentConsumer(
      (delivery: Delivery) => definition.handle(delivery.event, loggers.get(delivery) ?? rootLogger()),
      {
        tableName: config().TABLE_NAME,
        client: awsClients.dynamo(),
        consumer: definition.consumer,
      },
    );
    const delivery: Delivery = { consumer: definition.consumer, eventId, event };
    loggers.set(delivery, log);
    const result =
      definition.idempotentByEventId === false ? await definition.handle(event, log) : await run(delivery, context);
    log.info("Handled event", { result });
    return result;
  });
}
