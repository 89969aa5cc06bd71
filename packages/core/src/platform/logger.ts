import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The structured JSON logger of every function (Powertools). Each invocation logs through
 * a child that carries its correlation id, so concurrent invocations in local mode do not
 * mix their keys.
 */
export const logger = new Logger({ serviceName: "sagemaker-lifecycle" });

/** What the code logs with: the levels it uses, nothing else. */
export type Log = Pick<Logger, "debug" | "info" | "warn" | "error">;

/**
 * A logger for one event or request, carrying its correlation id. The Powertools child is
 * made on the first line logged: most requests log nothing on success, and making a child
 * on every request was the largest part of the read path's overhead (`npm run bench`).
 */
export function loggerFor(correlationId: string, keys: Record<string, string> = {}): Log {
  let child: Logger | undefined;
  const get = () => {
    child ??= logger.createChild({ persistentKeys: { correlationId, ...keys } });
    return child;
  };
  const forward =
    (level: keyof Log) =>
    (...args: unknown[]): void => {
      const target = get();
      (target[level] as (...a: unknown[]) => void).apply(target, args);
    };
  return { debug: forward("debug"), info: forward("info"), warn: forward("warn"), error: forward("error") } as Log;
}
