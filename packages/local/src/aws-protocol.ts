/**
 * The AWS wire protocols as the local edge needs them: which service a request is for,
 * and replies and errors in the JSON 1.1 / REST-JSON shapes the SDK v3 clients parse
 * into their own exception classes.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface AwsRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** `x-amz-target` for JSON 1.1 protocols, e.g. `SageMaker.DescribeEndpoint`. */
  readonly target?: string;
  /** The signing name from the SigV4 credential scope, e.g. `sagemaker`, `s3`. */
  readonly signingService?: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** The signing name in `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request`. */
export function signingServiceOf(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization ?? "";
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(auth)?.[1];
}

/** An error in the shape AWS services return it. */
export class AwsServiceError extends Error {
  override readonly name = "AwsServiceError";
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A JSON 1.1 (or REST-JSON) reply. */
export function jsonReply(body: unknown, status = 200, contentType = "application/x-amz-json-1.1"): AwsResponse {
  return { status, headers: { "content-type": contentType }, body: JSON.stringify(body ?? {}) };
}

/** A JSON error reply: `__type` and message, and the `x-amzn-errortype` header REST-JSON clients read. */
export function jsonError(error: AwsServiceError, contentType = "application/x-amz-json-1.1"): AwsResponse {
  return {
    status: error.status,
    headers: { "content-type": contentType, "x-amzn-errortype": error.type, ...error.headers },
    body: JSON.stringify({ __type: error.type, message: error.message, Message: error.message }),
  };
}

/** Parses a JSON request body; an empty body is `{}`. */
export function jsonBody(request: AwsRequest): Record<string, unknown> {
  const text = request.body.toString("utf8").trim();
  if (text === "") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new AwsServiceError("SerializationException", "The request body is not a JSON object");
}
