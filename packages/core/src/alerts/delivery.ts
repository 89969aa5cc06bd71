/**
 * Delivering outbox messages to Slack: one message per second per webhook, Retry-After
 * honoured on 429, 5xx and timeouts retried with backoff on later ticks, each message
 * claimed before it is posted so that no two invocations post it, and marked sent after.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { AlertStore, OutboxMessage, WebhookSender } from "../ports/alerts.js";

export interface DeliveryDeps {
  readonly store: AlertStore;
  readonly sender: WebhookSender;
  readonly now: Date;
  readonly log?: Pick<Logger, "info" | "warn">;
  /** Real-time wait (injected so tests need not sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Milliseconds for the per-webhook rate limit: the invocation's time plus the real time
   * spent in it, so a wait inside an invocation counts on any clock. Date.now by default.
   */
  readonly rateClock?: () => number;
}

const CLAIM_SECONDS = 60;
/** How often an invocation waits a second for a webhook's slot before it leaves the message to a later tick. */
const RATE_WAITS = 1;

/** Backoff after a failed attempt: 30 s doubling to at most 15 minutes. */
export function deliveryBackoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 900);
}

export type DeliveryOutcome = "sent" | "deferred" | "skipped";

/** Tries to deliver one message now. */
export async function deliverMessage(message: OutboxMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  if (!(await deps.store.claimMessage(message.id, deps.now, new Date(deps.now.getTime() + CLAIM_SECONDS * 1000))))
    return "skipped";
  const defer = async (seconds: number, error: string): Promise<DeliveryOutcome> => {
    await deps.store.deferMessage(message.id, new Date(deps.now.getTime() + seconds * 1000).toISOString(), error);
    deps.log?.warn("Slack message deferred", {
      message: message.id,
      route: message.route,
      error,
      retryInSeconds: seconds,
    });
    return "deferred";
  };
  // Slack allows about one message per second per webhook.
  let slot = false;
  for (let wait = 0; wait <= RATE_WAITS && !slot; wait++) {
    slot = await deps.store.takeRateSlot(message.webhookRef, (deps.rateClock ?? Date.now)());
    if (!slot && wait < RATE_WAITS) await sleep(1000);
  }
  if (!slot) return defer(1, "rate limit of the webhook: one message per second");
  const url = await deps.store.resolveWebhook(message.webhookRef);
  if (!url) return defer(deliveryBackoffSeconds(message.attempts + 1), `no webhook behind ${message.webhookRef}`);
  let answer: Awaited<ReturnType<WebhookSender["post"]>>;
  try {
    answer = await deps.sender.post(url, message.body);
  } catch (error) {
    return defer(deliveryBackoffSeconds(message.attempts + 1), `network: ${(error as Error).message}`);
  }
  if (answer.status >= 200 && answer.status < 300) {
    const sentAt = deps.now.toISOString();
    await deps.store.markSent(message.id, sentAt);
    for (const alert of message.alerts) await deps.store.setDeliveryState(alert, "sent", sentAt);
    return "sent";
  }
  if (answer.status === 429) return defer(Math.max(1, answer.retryAfterSeconds ?? 1), "429 rate limited");
  if (answer.status >= 500 || answer.status === 408)
    return defer(deliveryBackoffSeconds(message.attempts + 1), `Slack answered ${answer.status}`);
  // A 4xx other than 429 will not get better by retrying the same body: park it for a person, with the answer.
  return defer(deliveryBackoffSeconds(10), `Slack refused the message with ${answer.status}`);
}

/** Delivers messages one after another (so the per-webhook spacing holds). */
export async function deliverMessages(
  messages: readonly OutboxMessage[],
  deps: DeliveryDeps,
): Promise<Record<DeliveryOutcome, number>> {
  const counts: Record<DeliveryOutcome, number> = { sent: 0, deferred: 0, skipped: 0 };
  for (const message of messages) counts[await deliverMessage(message, deps)]++;
  return counts;
}

/** The tick: every message whose next attempt is due. */
export async function deliverDueMessages(deps: DeliveryDeps): Promise<Record<DeliveryOutcome, number>> {
  return deliverMessages(await deps.store.listDueMessages(deps.now), deps);
}
