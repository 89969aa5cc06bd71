/**
 * Drift alerts: the report Model Monitor writes, the alert records, routes and silences,
 * and the pure decisions about them (severity, routing, silencing, deduplication).
 */
import { z } from "zod";

/** `constraint_violations.json`, as Model Monitor writes it. */
export const ViolationReportSchema = z.object({
  violations: z.array(
    z.object({
      feature_name: z.string().min(1),
      constraint_check_type: z.string().min(1),
      description: z.string().default(""),
    }),
  ),
});
export type ViolationReport = z.output<typeof ViolationReportSchema>;

export type Severity = "critical" | "warning" | "info";

export const DEFAULT_SEVERITIES: Readonly<Record<string, Severity>> = {
  missing_column_check: "critical",
  data_type_check: "critical",
  baseline_drift_check: "warning",
  completeness_check: "warning",
};

/** The severity of a check type: the route's override, the defaults, or info. */
export function severityOf(checkType: string, overrides: Readonly<Record<string, Severity>> = {}): Severity {
  return overrides[checkType] ?? DEFAULT_SEVERITIES[checkType] ?? "info";
}

/** What a monitoring execution produced, for one feature (or about the execution itself). */
export interface Alert {
  readonly id: string;
  readonly endpoint: string;
  readonly schedule: string;
  readonly execution: string;
  readonly feature: string;
  readonly checkType: string;
  readonly description: string;
  readonly severity: Severity;
  readonly firstSeen: string;
  readonly reportUri?: string | undefined;
}

/** Check types of alerts about an execution rather than a feature. */
export const EXECUTION_FAILED = "monitoring_execution_failed";
export const MALFORMED_REPORT = "malformed_report";

export const AlertRouteSchema = z.strictObject({
  /** Endpoints the route covers; all when absent. */
  endpoints: z.array(z.string().min(1)).min(1).optional(),
  /** Check types the route covers; all when absent. */
  checkTypes: z.array(z.string().min(1)).min(1).optional(),
  /** CloudWatch alarms whose ALARM state the route posts. */
  alarms: z.array(z.string().min(1)).optional(),
  /** The Slack webhook: a secret, stored apart and never shown again. */
  webhookUrl: z
    .url()
    .refine(
      (url) => url.startsWith("https://") || url.startsWith("http://127.0.0.1") || url.startsWith("http://localhost"),
      "must be an https URL",
    ),
  severities: z.record(z.string(), z.enum(["critical", "warning", "info"])).default({}),
  repeatIntervalSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(4 * 3600),
});
export type AlertRouteInput = z.output<typeof AlertRouteSchema>;

/** A route as stored and shown: the webhook only by reference. */
export interface AlertRoute {
  readonly name: string;
  readonly endpoints?: readonly string[] | undefined;
  readonly checkTypes?: readonly string[] | undefined;
  readonly alarms?: readonly string[] | undefined;
  readonly webhookRef: string;
  readonly severities: Readonly<Record<string, Severity>>;
  readonly repeatIntervalSeconds: number;
}

export const DEFAULT_ROUTE_NAME = "default";

/** The route that exists out of the box: every endpoint, every check type, the configured webhook. */
export const DEFAULT_ROUTE: AlertRoute = {
  name: DEFAULT_ROUTE_NAME,
  webhookRef: "config:default",
  severities: {},
  repeatIntervalSeconds: 4 * 3600,
};

export function routeMatches(route: AlertRoute, alert: Pick<Alert, "endpoint" | "checkType">): boolean {
  return (
    (!route.endpoints || route.endpoints.includes(alert.endpoint)) &&
    (!route.checkTypes || route.checkTypes.includes(alert.checkType))
  );
}

export const SilenceSchema = z
  .strictObject({
    endpoint: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    checkType: z.string().min(1).optional(),
    until: z.iso.datetime({ offset: true }),
    reason: z.string().min(1).max(1000),
  })
  .refine((s) => s.endpoint !== undefined || s.feature !== undefined || s.checkType !== undefined, {
    message: "a silence names an endpoint, a feature, a check type, or several",
  });
export type SilenceInput = z.output<typeof SilenceSchema>;
export interface Silence extends SilenceInput {
  readonly id: string;
  readonly createdAt: string;
}

export function silencedBy(
  silences: readonly Silence[],
  alert: Pick<Alert, "endpoint" | "feature" | "checkType">,
  now: Date,
): Silence | undefined {
  return silences.find(
    (s) =>
      Date.parse(s.until) > now.getTime() &&
      (s.endpoint === undefined || s.endpoint === alert.endpoint) &&
      (s.feature === undefined || s.feature === alert.feature) &&
      (s.checkType === undefined || s.checkType === alert.checkType),
  );
}

/** When a (route, endpoint, feature, check type) was last sent, and how often it has been seen since. */
export interface DedupState {
  readonly lastSentAt: string;
  readonly seenSinceSent: number;
  readonly timesSent: number;
}

export type AlertDecision =
  | { readonly kind: "send"; readonly stillFailing: boolean; readonly timesSeen: number }
  | { readonly kind: "deduplicated"; readonly until: string }
  | { readonly kind: "silenced"; readonly silence: string };

/**
 * Decides what happens to one alert on one route: silenced, held back because the same
 * (endpoint, feature, check type) was sent within the route's repeat interval, or sent
 * (marked "still failing" when it was sent before).
 *
 * @example
 * decideAlert(alert, route, [], undefined, new Date()); // { kind: "send", stillFailing: false, timesSeen: 1 }
 */
export function decideAlert(
  alert: Pick<Alert, "endpoint" | "feature" | "checkType">,
  route: Pick<AlertRoute, "repeatIntervalSeconds">,
  silences: readonly Silence[],
  dedup: DedupState | undefined,
  now: Date,
): AlertDecision {
  const silence = silencedBy(silences, alert, now);
  if (silence) return { kind: "silenced", silence: silence.id };
  if (dedup) {
    const until = Date.parse(dedup.lastSentAt) + route.repeatIntervalSeconds * 1000;
    if (now.getTime() < until) return { kind: "deduplicated", until: new Date(until).toISOString() };
    return { kind: "send", stillFailing: true, timesSeen: dedup.timesSent + dedup.seenSinceSent + 1 };
  }
  return { kind: "send", stillFailing: false, timesSeen: 1 };
}
