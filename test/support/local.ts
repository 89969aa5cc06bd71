import { createClient } from "@sagemaker-lifecycle/client";
import { type LocalOptions, type LocalRuntime, startLocal } from "@sagemaker-lifecycle/local/runtime";
import { simulatorPlugin } from "@sagemaker-lifecycle/local/simulator-plugin";

/** Local mode on free ports with a frozen clock (tests move it with `clock.advance`). */
export function startTestRuntime(options: LocalOptions = {}): Promise<LocalRuntime> {
  return startLocal({
    edgePort: 0,
    apiPort: 0,
    apiToken: "test-token-0123456789",
    timeScale: 0,
    startTime: Date.parse("2026-11-20T08:00:00Z"),
    plugins: [simulatorPlugin()],
    ...options,
  });
}

/** SDK client settings that point a real AWS SDK v3 client at the local edge. */
export function clientConfig(runtime: LocalRuntime) {
  return {
    endpoint: runtime.edgeUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
}

/** The typed client of the REST API, pointed at local mode. */
export function client(runtime: LocalRuntime, token = runtime.apiToken) {
  return createClient({ baseUrl: runtime.apiUrl, token });
}

/** An authenticated JSON request to the local REST API. */
export async function api(
  runtime: LocalRuntime,
  method: string,
  path: string,
  body?: unknown,
  token = runtime.apiToken,
) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}
