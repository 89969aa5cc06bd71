import { describe, expect, it } from "vitest";
import { createClient, sigV4Fetch } from "../../src/index.js";

describe("sigV4Fetch", () => {
  it("signs each request for execute-api with the caller's credentials", async () => {
    // Prepare: a fetch that records what it is given instead of sending it
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const capture = (async (input: URL | string, init?: RequestInit) => {
      seen.push({ url: String(input), headers: init?.headers as Record<string, string> });
      return new Response(JSON.stringify({ status: "ok" }), { status: 200 });
    }) as typeof fetch;
    const api = createClient({
      baseUrl: "https://abc123.execute-api.eu-west-1.amazonaws.com",
      fetch: sigV4Fetch({
        region: "eu-west-1",
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" },
        fetch: capture,
      }),
    });
    // Act
    await api.getRecord("customers", "c 1", ["ltv", "orders"]);
    // Assess
    const request = seen[0];
    expect(request?.url).toBe(
      "https://abc123.execute-api.eu-west-1.amazonaws.com/feature-groups/customers/records/c%201?feature=ltv&feature=orders",
    );
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request?.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request?.headers["x-amz-security-token"]).toBe("token");
  });

  it("signs different requests differently", async () => {
    const signatures: string[] = [];
    const capture = (async (_input: URL | string, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      signatures.push(headers.authorization ?? "");
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    const signed = sigV4Fetch({
      region: "us-east-1",
      credentials: { accessKeyId: "A", secretAccessKey: "S" },
      fetch: capture,
    });
    await signed("https://x.example.com/a", { method: "GET" });
    await signed("https://x.example.com/a", {
      method: "PUT",
      body: '{"x":1}',
      headers: { "content-type": "application/json" },
    });
    expect(signatures[0]).not.toBe(signatures[1]);
  });
});
