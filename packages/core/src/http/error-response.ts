import { LifecycleError, ServiceUnavailableError } from "../errors.js";

/** The one JSON shape of every error the REST API returns. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly requestId: string;
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Maps any error to an HTTP response, in one place. Domain errors keep their status,
 * message and details; everything else becomes a 500 that says "internal error" and the
 * request id, and never a message, a stack or a cause.
 *
 * @example
 * return toErrorResponse(new NotFoundError("no such tuning job"), "req-1"); // 404
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  const known = error instanceof LifecycleError;
  const statusCode = known ? error.statusCode : 500;
  const body: ErrorBody = {
    error: known
      ? { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) }
      : { code: "InternalError", message: "internal error" },
    requestId,
  };
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (error instanceof ServiceUnavailableError) headers["retry-after"] = String(error.retryAfterSeconds);
  return { statusCode, headers, body: JSON.stringify(body) };
}
