/**
 * Named errors of the domain. Each carries the HTTP status it maps to, so one place
 * (`http/error-response.ts`) can turn any of them into a response; anything else is a 500
 * that says "internal error" and nothing more.
 */

/** Details attached to an error for the client: safe to show, never internals. */
export type ErrorDetails = readonly unknown[] | Record<string, unknown>;

export abstract class LifecycleError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  readonly details?: ErrorDetails;
  constructor(message: string, options?: { cause?: unknown; details?: ErrorDetails }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.details !== undefined) this.details = options.details;
  }
}

/** The request or event is not of the expected shape. */
export class ValidationError extends LifecycleError {
  readonly statusCode = 400;
  readonly code = "ValidationError";
}

/** The caller did not present valid credentials. */
export class UnauthorizedError extends LifecycleError {
  readonly statusCode = 401;
  readonly code = "Unauthorized";
}

/** The thing asked for does not exist. */
export class NotFoundError extends LifecycleError {
  readonly statusCode = 404;
  readonly code = "NotFound";
}

/** The route exists but not with this method. */
export class MethodNotAllowedError extends LifecycleError {
  readonly statusCode = 405;
  readonly code = "MethodNotAllowed";
}

/** The state changed under the caller (a conditional write failed, a rollout is active). */
export class ConflictError extends LifecycleError {
  readonly statusCode = 409;
  readonly code = "Conflict";
}

/** The body is larger than the route accepts. */
export class PayloadTooLargeError extends LifecycleError {
  readonly statusCode = 413;
  readonly code = "PayloadTooLarge";
}

/** A downstream service throttled us; the caller may retry after `retryAfterSeconds`. */
export class ServiceUnavailableError extends LifecycleError {
  readonly statusCode = 503;
  readonly code = "ServiceUnavailable";
  readonly retryAfterSeconds: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 1;
  }
}

/** A setting is missing or malformed: raised once at start-up. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}
