import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The structured JSON logger of every function (Powertools). Each invocation works with
 * a child that carries its correlation id, so concurrent invocations in local mode do
 * not mix their keys.
 */
export const logger = new Logger({ serviceName: "sagemaker-lifecycle" });

/** A child logger carrying the correlation id of one event or request. */
export function loggerFor(correlationId: string, keys: Record<string, string> = {}): Logger {
  return logger.createChild({ persistentKeys: { correlationId, ...keys } });
}
