/** Simulated S3, path style: GetObject and PutObject, errors in S3's XML shape. */
import { createHash } from "node:crypto";
import type { AwsRequest, AwsResponse } from "../aws-protocol.js";

export class ObjectStore {
  readonly objects = new Map<string, { body: Buffer; contentType: string; etag: string }>();

  /** Stores an object by `s3://bucket/key` URI. */
  put(uri: string, body: Buffer, contentType = "application/json"): void {
    const key = uri.replace(/^s3:\/\//, "");
    this.objects.set(key, { body, contentType, etag: `"${createHash("md5").update(body).digest("hex")}"` });
  }

  get(uri: string): Buffer | undefined {
    return this.objects.get(uri.replace(/^s3:\/\//, ""))?.body;
  }

  handle(request: AwsRequest): AwsResponse {
    const key = decodeURIComponent(request.path.replace(/^\//, ""));
    const [bucket, ...rest] = key.split("/");
    if (!bucket || rest.length === 0)
      return xmlError(400, "InvalidRequest", "Only path-style object requests are served");
    if (request.method === "PUT") {
      this.put(`s3://${key}`, request.body, String(request.headers["content-type"] ?? "application/octet-stream"));
      return { status: 200, headers: { etag: this.objects.get(key)?.etag ?? "" } };
    }
    if (request.method === "GET" || request.method === "HEAD") {
      const found = this.objects.get(key);
      if (!found) return xmlError(404, "NoSuchKey", "The specified key does not exist.");
      return {
        status: 200,
        headers: { "content-type": found.contentType, "content-length": String(found.body.length), etag: found.etag },
        body: request.method === "HEAD" ? "" : found.body,
      };
    }
    return xmlError(405, "MethodNotAllowed", `${request.method} is not served`);
  }
}

function xmlError(status: number, code: string, message: string): AwsResponse {
  return {
    status,
    headers: { "content-type": "application/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>local</RequestId></Error>`,
  };
}
