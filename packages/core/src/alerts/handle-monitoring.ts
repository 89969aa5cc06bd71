/**
 * From a finished Model Monitor execution to alert records, routing decisions and outbox
 * messages (one per execution and route). Records come before any message; every write is
 * keyed by the execution, so a replayed event finds what the first run did and only
 * completes what is missing.
 */
import { createHash } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { ProcessingJobStateEvent } from "../events/schemas.js";
import type { AlertStore, MonitoringPort, OutboxMessage, StoredAlert } from "../ports/alerts.js";
import type { DeliveryDeps } from "./delivery.js";
import { deliverMessages } from "./delivery.js";
import {
  type Alert,
  type AlertDecision,
  type AlertRoute,
  DEFAULT_ROUTE,
  decideAlert,
  EXECUTION_FAILED,
  MALFORMED_REPORT,
  routeMatches,
  severityOf,
  ViolationReportSchema,
} from "./model.js";
import { buildAlertMessage, type MessageLine } from "./slack-message.js";

export interface MonitoringDeps extends DeliveryDeps {
  readonly monitoring: MonitoringPort;
  readonly store: AlertStore;
  readonly now: Date;
  readonly log?: Pick<Logger, "info" | "warn">;
  /** A critical alert on an endpoint (its active rollout rolls back). */
  readonly onCriticalAlert?: (endpoint: string, summary: string) => Promise<void>;
}

export interface MonitoringResult extends Record<string, unknown> {
  readonly processingJob: string;
  readonly outcome: "ignored" | "no-violations" | "alerted";
  readonly alerts?: number;
  readonly messages?: number;
}

const FINAL = new Set(["Completed", "Failed", "Stopped"]);

function hash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 20);
}

/** The alerts an execution raises: one per violation, or one about the execution or its report. */
export async function alertsFor(
  info: Awaited<ReturnType<MonitoringPort["describeExecution"]>> & object,
  monitoring: MonitoringPort,
): Promise<Alert[]> {
  const base = {
    endpoint: info.endpoint,
    schedule: info.scheduleName,
    execution: info.processingJobName,
    firstSeen: info.endedAt,
  };
  const reportUri = info.outputUri ? `${info.outputUri.replace(/\/$/, "")}/constraint_violations.json` : undefined;
  const about = (checkType: string, description: string): Alert => ({
    ...base,
    id: hash(info.processingJobName, "-", checkType),
    feature: "-",
    checkType,
    description,
    severity: "warning",
    reportUri,
  });
  if (info.status === "Failed" || info.status === "Stopped") {
    return [
      about(
        EXECUTION_FAILED,
        `Monitoring execution ${info.status.toLowerCase()}: ${info.failureReason ?? "no reason given"}`,
      ),
    ];
  }
  if (info.status !== "CompletedWithViolations") return [];
  if (!reportUri) return [about(MALFORMED_REPORT, "The execution reports violations but has no output location")];
  const text = await monitoring.readObject(reportUri);
  if (text === undefined) return [about(MALFORMED_REPORT, `The report ${reportUri} does not exist`)];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [about(MALFORMED_REPORT, `The report ${reportUri} is not JSON: ${(error as Error).message}`)];
  }
  const parsed = ViolationReportSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "<root>"}: ${i.message}`);
    return [about(MALFORMED_REPORT, `The report ${reportUri} is not a violations report: ${problems.join("; ")}`)];
  }
  return parsed.data.violations.map((v) => ({
    ...base,
    id: hash(info.processingJobName, v.feature_name, v.constraint_check_type),
    feature: v.feature_name,
    checkType: v.constraint_check_type,
    description: v.description,
    severity: severityOf(v.constraint_check_type),
    reportUri,
  }));
}

const dedupKey = (a: Pick<Alert, "endpoint" | "feature" | "checkType">) => `${a.endpoint}#${a.feature}#${a.checkType}`;

/** Decides, once per alert, what each matching route does with it, and keeps the dedup state. */
async function route(
  stored: StoredAlert,
  routes: readonly AlertRoute[],
  deps: MonitoringDeps,
  silences: Awaited<ReturnType<AlertStore["listSilences"]>>,
) {
  if (stored.routing) return stored;
  const routing: Record<string, AlertDecision> = {};
  const matching = routes.filter((r) => routeMatches(r, stored));
  for (const r of matching) {
    routing[r.name] = decideAlert(stored, r, silences, await deps.store.getDedup(r.name, dedupKey(stored)), deps.now);
  }
  const decisions = Object.values(routing);
  const state: StoredAlert["deliveryState"] = decisions.some((d) => d.kind === "send")
    ? "queued"
    : decisions.some((d) => d.kind === "silenced")
      ? "silenced"
      : decisions.length > 0
        ? "deduplicated"
        : "no-route";
  const result = await deps.store.setRouting(stored, routing, state);
  if (result.routing !== routing) return result;
  for (const [name, decision] of Object.entries(routing)) {
    const previous = await deps.store.getDedup(name, dedupKey(stored));
    if (decision.kind === "send") {
      await deps.store.putDedup(name, dedupKey(stored), {
        lastSentAt: deps.now.toISOString(),
        seenSinceSent: 0,
        timesSent: (previous?.timesSent ?? 0) + 1,
      });
    } else if (decision.kind === "deduplicated" && previous) {
      await deps.store.putDedup(name, dedupKey(stored), { ...previous, seenSinceSent: previous.seenSinceSent + 1 });
    }
  }
  return result;
}

/**
 * Handles "SageMaker Processing Job State Change" for Model Monitor executions.
 *
 * @example
 * await handleMonitoringExecution(event, deps); // { outcome: "alerted", alerts: 4, messages: 1 }
 */
export async function handleMonitoringExecution(
  event: ProcessingJobStateEvent,
  deps: MonitoringDeps,
): Promise<MonitoringResult> {
  const processingJob = event.detail.ProcessingJobName;
  if (!FINAL.has(event.detail.ProcessingJobStatus)) return { processingJob, outcome: "ignored" };
  const info = await deps.monitoring.describeExecution(processingJob);
  if (!info)
    return { processingJob, outcome: "ignored", reason: "no monitoring schedule launched this processing job" };
  const alerts = await alertsFor(info, deps.monitoring);
  if (alerts.length === 0) return { processingJob, outcome: "no-violations" };

  const routes = [DEFAULT_ROUTE, ...(await deps.store.listRoutes())];
  const silences = await deps.store.listSilences();
  const stored: StoredAlert[] = [];
  for (const alert of alerts) {
    // Severity follows the route's overrides; the record keeps the default one.
    stored.push(await route(await deps.store.putAlertIfAbsent(alert), routes, deps, silences));
  }
  const messages: OutboxMessage[] = [];
  for (const r of routes) {
    const lines: MessageLine[] = [];
    for (const alert of stored) {
      const decision = alert.routing?.[r.name];
      if (decision?.kind !== "send") continue;
      const severity = r.severities[alert.checkType] ?? alert.severity;
      lines.push({ alert: { ...alert, severity }, stillFailing: decision.stillFailing, timesSeen: decision.timesSeen });
    }
    if (lines.length === 0) continue;
    const body = buildAlertMessage(
      {
        endpoint: info.endpoint,
        schedule: info.scheduleName,
        execution: info.processingJobName,
        reportUri: alerts[0]?.reportUri,
      },
      lines,
    );
    messages.push(
      await deps.store.putMessageIfAbsent({
        id: hash(info.processingJobName, r.name),
        route: r.name,
        webhookRef: r.webhookRef,
        body,
        alerts: lines.map((l) => ({ id: l.alert.id, firstSeen: l.alert.firstSeen })),
        createdAt: deps.now.toISOString(),
        state: "pending",
        attempts: 0,
        nextAttemptAt: deps.now.toISOString(),
      }),
    );
  }
  const critical = stored.filter((a) => a.severity === "critical" && a.deliveryState !== "silenced");
  if (critical.length > 0 && deps.onCriticalAlert) {
    await deps.onCriticalAlert(info.endpoint, critical.map((a) => `${a.feature} ${a.checkType}`).join(", "));
  }
  await deliverMessages(
    messages.filter((m) => m.state === "pending"),
    deps,
  );
  deps.log?.info("Monitoring execution alerted", { processingJob, alerts: alerts.length, messages: messages.length });
  return { processingJob, outcome: "alerted", alerts: alerts.length, messages: messages.length };
}
