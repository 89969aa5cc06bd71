import middy from "@middy/core";
import { toErrorResponse } from "@sagemaker-lifecycle/core/http/error-response";
import type { Log } from "@sagemaker-lifecycle/core/platform/logger";
import { loggerFor } from "@sagemaker-lifecycle/core/platform/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";

/** What a route handler returns: a status and a JSON body. */
export interface JsonResult {
  readonly statusCode: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * The shell of every API route: a logger keyed by the request id, the result serialised
 * as JSON, and every error mapped to HTTP in one place (`toErrorResponse`): a 4xx says
 * what is wrong, a 500 says "internal error" and is logged with its cause.
 */
export function defineApiHandler(handle: (event: APIGatewayProxyEventV2, log: Log) => Promise<JsonResult>) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>().handler(async (event) => {
    const requestId = event.requestContext?.requestId ?? "unknown";
    const log = loggerFor(requestId, { route: event.routeKey ?? "unknown" });
    try {
      const result = await handle(event, log);
      return {
        statusCode: result.statusCode,
        headers: { "content-type": "application/json", ...result.headers },
        body: JSON.stringify(result.body),
      };
    } catch (error) {
      const response = toErrorResponse(error, requestId);
      if (response.statusCode >= 500 && response.statusCode !== 503)
        log.error("Request failed", { error: error as Error });
      else if (response.statusCode === 503) log.warn("Downstream throttling", { error: (error as Error).message });
      else log.info("Request refused", { statusCode: response.statusCode, error: (error as Error).message });
      return response;
    }
  });
}
