/**
 * The Notifier through the Slack outbox: a notification becomes an outbox message (keyed,
 * so raising it again posts nothing new) and is delivered now or by a later tick, so a
 * Slack outage loses nothing.
 */
import { createHash } from "node:crypto";
import { type DeliveryDeps, deliverMessage } from "../alerts/delivery.js";
import { DEFAULT_ROUTE } from "../alerts/model.js";
import { toSlackMessage } from "../alerts/slack-message.js";
import type { Notification, Notifier } from "../ports/notifier.js";

export class OutboxNotifier implements Notifier {
  constructor(private readonly deps: DeliveryDeps) {}

  async notify(notification: Notification): Promise<void> {
    const id = createHash("sha256")
      .update(`notification\u0000${notification.key ?? JSON.stringify(notification)}`)
      .digest("hex")
      .slice(0, 20);
    const now = this.deps.now.toISOString();
    const message = await this.deps.store.putMessageIfAbsent({
      id,
      route: DEFAULT_ROUTE.name,
      webhookRef: DEFAULT_ROUTE.webhookRef,
      body: toSlackMessage(notification),
      alerts: [],
      createdAt: now,
      state: "pending",
      attempts: 0,
      nextAttemptAt: now,
    });
    if (message.state === "pending") await deliverMessage(message, this.deps);
  }
}
