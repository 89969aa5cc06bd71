/** The WebhookSender over fetch, with a timeout; the URL is never logged. */
import type { WebhookSender } from "../ports/alerts.js";

export class FetchWebhookSender implements WebhookSender {
  constructor(
    private readonly timeoutMs = 5000,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async post(url: string, body: unknown): Promise<{ status: number; retryAfterSeconds?: number }> {
    const response = await this.fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer();
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      status: response.status,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
}
