import type { Logger } from "@aws-lambda-powertools/logger";
import middy from "@middy/core";
import { config } from "@sagemaker-lifecycle/core/config";
import { awsClients } from "@sagemaker-lifecycle/core/platform/aws-clients";
import { idempotentConsumer } from "@sagemaker-lifecycle/core/platform/idempotency";
import { loggerFor } from "@sagemaker-lifecycle/core/platform/logger";
import { parseOrThrow } from "@sagemaker-lifecycle/core/validation";
import type { Context } from "aws-lambda";
import type { z } from "zod";

export interface EventHandlerDefinition<S extends z.ZodType, R extends Record<string, unknown>> {
  /** Names the consumer in logs and idempotency keys. */
  readonly consumer: string;
  readonly schema: S;
  readonly handle: (event: z.output<S>, log: Logger) => Promise<R>;
}

/**
 * The shell of every EventBridge consumer: a logger keyed by the event id, the event
 * validated with its zod schema (a malformed event fails loudly and ends in the
 * dead-letter queue), and idempotency by (consumer, event id) on the state table.
 */
export function defineEventHandler<S extends z.ZodType, R extends Record<string, unknown>>(
  definition: EventHandlerDefinition<S, R>,
) {
  let run:
    | ((delivery: { consumer: string; eventId: string; event: z.output<S> }, context: Context) => Promise<R>)
    | undefined;
  return middy<unknown, R, Error, Context>().handler(async (raw, context) => {
    const eventId =
      typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : context.awsRequestId;
    const log = loggerFor(eventId, { consumer: definition.consumer });
    let event: z.output<S>;
    try {
      event = parseOrThrow(definition.schema, raw, `${definition.consumer} event`);
    } catch (error) {
      // The problems say what is wrong; the zod cause would only repeat them.
      log.error("Rejected a malformed event", { problems: (error as { details?: unknown }).details });
      throw error;
    }
    run ??= idempotentConsumer((delivery) => definition.handle(delivery.event, log), {
      tableName: config().TABLE_NAME,
      client: awsClients.dynamo(),
      consumer: definition.consumer,
    });
    const result = await run({ consumer: definition.consumer, eventId, event }, context);
    log.info("Handled event", { result });
    return result;
  });
}
