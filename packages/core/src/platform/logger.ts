import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The structured JSON logger of every function (Powertools). Each invocation logs through
 * a child that carries its correlation id, so concurrent invocations in local mode do not
 * mix their keys.
 */
let root: Logger | undefined;

/** The root logger, made on first use (a function that logs nothing on its cold start does not pay for it). */
export function rootLogger(): Logger {
  root ??= new Logger({ serviceName: "sagemaker-lifecycle" });
  return root;
}

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
    child ??= rootLogger().createChild({ persistentKeys: { correlationId, ...keys } });
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
