/**
 * Runs Lambda handlers in this process as the Lambda runtime would: the module is
 * imported once (cold start), then the exported handler is called with the event and a
 * Lambda-shaped context. The handler code is the code that is deployed.
 */
import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<Handler>>();

/** Loads `file.export` from packages/functions/src (e.g. `events/tick.handler`). */
export function loadHandler(handler: string): Promise<Handler> {
  let found = loaded.get(handler);
  if (!found) {
    const dot = handler.lastIndexOf(".");
    const file = handler.slice(0, dot);
    const exported = handler.slice(dot + 1);
    found = import(`@sagemaker-lifecycle/functions/${file}`).then((module: Record<string, unknown>) => {
      const fn = module[exported];
      if (typeof fn !== "function") throw new Error(`packages/functions/src/${file}.ts exports no "${exported}"`);
      return fn as Handler;
    });
    loaded.set(handler, found);
  }
  return found;
}

/** A Lambda context for one local invocation. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** Invokes a handler module with an event. */
export async function invoke(handler: string, event: unknown, functionName = handler): Promise<unknown> {
  const fn = await loadHandler(handler);
  return fn(event, lambdaContext(functionName.replace(/\W+/g, "-")));
}
