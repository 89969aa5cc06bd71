/**
 * The Notifier over a Slack incoming webhook. The webhook URL is a secret: it comes from a
 * resolver (the SSM parameter SST keeps it in, or local configuration) and is never logged.
 */
import type { Notification, Notifier } from "../ports/notifier.js";

export class SlackDeliveryError extends Error {
  override readonly name = "SlackDeliveryError";
  constructor(
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Slack answered ${status}`);
  }
}

const EMOJI = { info: ":information_source:", warning: ":warning:", critical: ":rotating_light:" } as const;

/** The Block Kit body of a notification. */
export function toSlackMessage(notification: Notification): Record<string, unknown> {
  const fields = Object.entries(notification.fields ?? {}).slice(0, 10);
  return {
    text: `${notification.title}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: notification.title.slice(0, 150) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: `${EMOJI[notification.severity]} ${notification.text}`.slice(0, 3000) },
      },
      ...(fields.length > 0
        ? [
            {
              type: "section",
              fields: fields.map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}`.slice(0, 2000) })),
            },
          ]
        : []),
    ],
  };
}

export class SlackWebhookNotifier implements Notifier {
  constructor(
    private readonly webhookUrl: () => Promise<string>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async notify(notification: Notification): Promise<void> {
    const response = await this.fetchImpl(await this.webhookUrl(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(toSlackMessage(notification)),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new SlackDeliveryError(
        response.status,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
  }
}
