/**
 * A local stand-in for Slack incoming webhooks. It records every call and answers as
 * Slack does (`200 ok`), and can be told to fail for a while (429 with Retry-After, or
 * 5xx) so that delivery and retries can be tested.
 */
import type { LocalClock } from "./clock.js";

export interface SlackMessage {
  readonly webhook: string;
  readonly receivedAt: string;
  readonly body: unknown;
}

export interface SlackFault {
  /** 429 (rate limited, with Retry-After) or a 5xx status. */
  readonly status: number;
  /** How long the fault lasts, in local-clock seconds. */
  readonly forSeconds: number;
  readonly retryAfterSeconds?: number;
}

export interface SlackAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

export class SlackSink {
  readonly messages: SlackMessage[] = [];
  /** Every call, also the refused ones (for retry tests). */
  readonly attempts: Array<{ webhook: string; at: string; status: number }> = [];
  #fault: { status: number; until: number; retryAfterSeconds: number } | undefined;

  constructor(private readonly clock: LocalClock) {}

  setFault(fault: SlackFault): void {
    this.#fault = {
      status: fault.status,
      until: this.clock.now() + fault.forSeconds * 1000,
      retryAfterSeconds: fault.retryAfterSeconds ?? 1,
    };
  }

  clearFault(): void {
    this.#fault = undefined;
  }

  receive(webhook: string, rawBody: string): SlackAnswer {
    const now = this.clock.now();
    const at = new Date(now).toISOString();
    const fault = this.#fault && this.#fault.until > now ? this.#fault : undefined;
    if (fault) {
      this.attempts.push({ webhook, at, status: fault.status });
      return fault.status === 429
        ? { status: 429, body: "rate_limited", headers: { "retry-after": String(fault.retryAfterSeconds) } }
        : { status: fault.status, body: "service_unavailable", headers: {} };
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      this.attempts.push({ webhook, at, status: 400 });
      return { status: 400, body: "invalid_payload", headers: {} };
    }
    if (typeof body !== "object" || body === null || (!("text" in body) && !("blocks" in body))) {
      this.attempts.push({ webhook, at, status: 400 });
      return { status: 400, body: "no_text", headers: {} };
    }
    this.attempts.push({ webhook, at, status: 200 });
    this.messages.push({ webhook, receivedAt: at, body });
    return { status: 200, body: "ok", headers: {} };
  }
}
