/**
 * CloudWatch alarms that alert routes name: an alarm going to ALARM is posted to every
 * route that names it, through the outbox (keyed by the alarm's state change, so a
 * replayed event posts nothing new).
 */
import { createHash } from "node:crypto";
import type { AlarmStateEvent } from "../events/schemas.js";
import type { OutboxMessage } from "../ports/alerts.js";
import { type DeliveryDeps, deliverMessages } from "./delivery.js";
import { toSlackMessage } from "./slack-message.js";

/** Posts an alarm's ALARM state to the routes that name it; returns the routes it went to. */
export async function notifyAlarmRoutes(event: AlarmStateEvent, deps: DeliveryDeps): Promise<string[]> {
  const { alarmName, state, previousState } = event.detail;
  if (state.value !== "ALARM") return [];
  const routes = (await deps.store.listRoutes()).filter((r) => r.alarms?.includes(alarmName));
  const messages: OutboxMessage[] = [];
  for (const route of routes) {
    const id = createHash("sha256")
      .update(`alarm\u0000${alarmName}\u0000${state.timestamp ?? event.time}\u0000${route.name}`)
      .digest("hex")
      .slice(0, 20);
    messages.push(
      await deps.store.putMessageIfAbsent({
        id,
        route: route.name,
        webhookRef: route.webhookRef,
        body: toSlackMessage({
          title: `CloudWatch alarm ${alarmName} is in ALARM`,
          text: state.reason ?? `${previousState?.value ?? "?"} → ALARM`,
          severity: "critical",
          fields: { alarm: alarmName, since: state.timestamp ?? event.time },
        }),
        alerts: [],
        createdAt: deps.now.toISOString(),
        state: "pending",
        attempts: 0,
        nextAttemptAt: deps.now.toISOString(),
      }),
    );
  }
  await deliverMessages(
    messages.filter((m) => m.state === "pending"),
    deps,
  );
  return routes.map((r) => r.name);
}
