import { describe, expect, it } from "vitest";
import {
  type Alert,
  DEFAULT_ROUTE,
  decideAlert,
  routeMatches,
  type Silence,
  severityOf,
} from "../../src/alerts/model.js";
import { buildAlertMessage, MAX_BLOCKS, MAX_SECTION_TEXT } from "../../src/alerts/slack-message.js";

const now = new Date("2026-11-20T12:00:00Z");
const alert = (
  feature: string,
  checkType = "baseline_drift_check",
  description = "distance: 0.3 exceeds threshold: 0.1",
): Alert => ({
  id: `id-${feature}-${checkType}`,
  endpoint: "churn-prod",
  schedule: "churn-prod-data-quality",
  execution: "model-monitoring-1",
  feature,
  checkType,
  description,
  severity: severityOf(checkType),
  firstSeen: now.toISOString(),
});

describe("severity", () => {
  it("follows the defaults, then the route's overrides", () => {
    expect(severityOf("missing_column_check")).toBe("critical");
    expect(severityOf("data_type_check")).toBe("critical");
    expect(severityOf("baseline_drift_check")).toBe("warning");
    expect(severityOf("completeness_check")).toBe("warning");
    expect(severityOf("some_new_check")).toBe("info");
    expect(severityOf("baseline_drift_check", { baseline_drift_check: "critical" })).toBe("critical");
  });
});

describe("routing", () => {
  it("matches the default route to everything and a route only to its endpoints and check types", () => {
    expect(routeMatches(DEFAULT_ROUTE, alert("ltv"))).toBe(true);
    const route = { ...DEFAULT_ROUTE, name: "team", endpoints: ["churn-prod"], checkTypes: ["data_type_check"] };
    expect(routeMatches(route, alert("ltv", "data_type_check"))).toBe(true);
    expect(routeMatches(route, alert("ltv"))).toBe(false);
    expect(routeMatches(route, { ...alert("ltv", "data_type_check"), endpoint: "other" })).toBe(false);
  });
});

describe("decideAlert", () => {
  const route = { repeatIntervalSeconds: 4 * 3600 };
  const silence = (overrides: Partial<Silence>): Silence => ({
    id: "s1",
    until: "2026-11-21T00:00:00Z",
    reason: "known",
    createdAt: now.toISOString(),
    ...overrides,
  });

  it("sends a first alert", () => {
    expect(decideAlert(alert("ltv"), route, [], undefined, now)).toEqual({
      kind: "send",
      stillFailing: false,
      timesSeen: 1,
    });
  });

  it("silences what an active silence covers, and only that", () => {
    expect(decideAlert(alert("ltv"), route, [silence({ feature: "ltv" })], undefined, now)).toEqual({
      kind: "silenced",
      silence: "s1",
    });
    expect(decideAlert(alert("ltv"), route, [silence({ feature: "orders" })], undefined, now).kind).toBe("send");
    expect(
      decideAlert(
        alert("ltv"),
        route,
        [silence({ endpoint: "churn-prod", checkType: "baseline_drift_check" })],
        undefined,
        now,
      ).kind,
    ).toBe("silenced");
    expect(
      decideAlert(alert("ltv"), route, [silence({ feature: "ltv", until: "2026-11-20T11:00:00Z" })], undefined, now)
        .kind,
    ).toBe("send");
  });

  it("holds back a repeat within the interval and sends it as still failing after", () => {
    const sent = { lastSentAt: "2026-11-20T10:00:00Z", seenSinceSent: 2, timesSent: 1 };
    expect(decideAlert(alert("ltv"), route, [], sent, now)).toEqual({
      kind: "deduplicated",
      until: "2026-11-20T14:00:00.000Z",
    });
    expect(decideAlert(alert("ltv"), route, [], sent, new Date("2026-11-20T14:00:00Z"))).toEqual({
      kind: "send",
      stillFailing: true,
      timesSeen: 4,
    });
  });
});

describe("buildAlertMessage", () => {
  const context = {
    endpoint: "churn-prod",
    schedule: "churn-prod-data-quality",
    execution: "model-monitoring-1",
    reportUri: "s3://b/k/constraint_violations.json",
  };

  it("lists every violating feature with its check type and description, worst first, and links the report", () => {
    const message = buildAlertMessage(context, [
      { alert: alert("ltv"), stillFailing: false, timesSeen: 1 },
      {
        alert: alert("payment_method", "missing_column_check", "There are missing columns"),
        stillFailing: true,
        timesSeen: 3,
      },
    ]);
    const text = JSON.stringify(message.blocks);
    expect(message.text).toContain("2 violations on churn-prod");
    expect(text.indexOf("payment_method")).toBeLessThan(text.indexOf("ltv"));
    expect(text).toContain("still failing, seen 3×");
    expect(text).toContain("s3://b/k/constraint_violations.json");
    expect(text).toContain("baseline_drift_check");
  });

  it.each([200, 600])("stays under Slack's limits with %i features and accounts for every one", (count) => {
    // Prepare
    const lines = Array.from({ length: count }, (_, i) => ({
      alert: alert(
        `feature_${String(i).padStart(3, "0")}`,
        i % 2 ? "data_type_check" : "baseline_drift_check",
        "x".repeat(380),
      ),
      stillFailing: false,
      timesSeen: 1,
    }));
    // Act
    const message = buildAlertMessage(context, lines);
    // Assess
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    const sections = message.blocks.filter((b) => (b as { type: string }).type === "section") as Array<{
      text: { text: string };
    }>;
    for (const section of sections) expect(section.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    const shown = sections.reduce((n, s) => n + (s.text.text.match(/\*feature_/g) ?? []).length, 0);
    const summary = JSON.stringify(message.blocks.at(-1));
    const rest = Number(/and (\d+) more features/.exec(summary)?.[1] ?? 0);
    expect(shown + rest).toBe(count);
    if (count === 600) expect(rest).toBeGreaterThan(0);
  });

  it("escapes what Slack would read as markup", () => {
    const message = buildAlertMessage(context, [
      { alert: alert("<script>", "data_type_check", "a & b"), stillFailing: false, timesSeen: 1 },
    ]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("&lt;script&gt;");
    expect(text).toContain("a &amp; b");
  });
});
