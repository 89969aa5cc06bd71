import { describe, expect, it } from "vitest";
import { mapWithConcurrency, planBatchCalls } from "../../src/features/batch.js";
import { decodeRecord, decodeValue, encodeRecord, formatEventTime, parseEventTime } from "../../src/features/codec.js";
import type { FeatureGroupDefinition } from "../../src/features/definitions.js";

const customers: FeatureGroupDefinition = {
  name: "customers",
  recordIdentifierFeatureName: "customer_id",
  eventTimeFeatureName: "event_time",
  features: [
    { name: "customer_id", type: "String" },
    { name: "ltv", type: "Fractional" },
    { name: "orders", type: "Integral" },
    { name: "event_time", type: "String" },
  ],
  onlineStore: true,
  offlineStore: false,
};
const now = new Date("2026-11-20T10:00:00Z");

describe("decoding", () => {
  it("types values: Fractional and safe Integral as numbers, big Integral and String as strings", () => {
    expect(decodeValue("Fractional", "74.35")).toBe(74.35);
    expect(decodeValue("Integral", "28")).toBe(28);
    expect(decodeValue("Integral", "9007199254740993")).toBe("9007199254740993");
    expect(decodeValue("Integral", "-12")).toBe(-12);
    expect(decodeValue("String", "28")).toBe("28");
    expect(decodeValue(undefined, "x")).toBe("x");
  });

  it("decodes a GetRecord answer", () => {
    expect(
      decodeRecord(customers, [
        { FeatureName: "ltv", ValueAsString: "1.5" },
        { FeatureName: "orders", ValueAsString: "2" },
      ]),
    ).toEqual({ ltv: 1.5, orders: 2 });
  });
});

describe("encoding", () => {
  it("encodes a valid write, filling the identifier and the event time", () => {
    const { problems, encoded } = encodeRecord(customers, "c-1", { ltv: 12.5, orders: 3 }, undefined, now);
    expect(problems).toEqual([]);
    expect(encoded?.record).toEqual([
      { FeatureName: "ltv", ValueAsString: "12.5" },
      { FeatureName: "orders", ValueAsString: "3" },
      { FeatureName: "customer_id", ValueAsString: "c-1" },
      { FeatureName: "event_time", ValueAsString: "2026-11-20T10:00:00Z" },
    ]);
  });

  it("accepts an Integral beyond 2^53 as a string of digits", () => {
    expect(encodeRecord(customers, "c-1", { orders: "9007199254740993" }, undefined, now).problems).toEqual([]);
  });

  it("reports every problem, not only the first", () => {
    const { problems } = encodeRecord(
      customers,
      "c-1",
      { ltv: "x", orders: 1.5, nope: 1, customer_id: "c-2" },
      "tomorrow",
      now,
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      "eventTime",
      "features.customer_id",
      "features.ltv",
      "features.nope",
      "features.orders",
    ]);
  });

  it("formats the event time for the event-time feature's type", () => {
    expect(formatEventTime(customers, now)).toBe("2026-11-20T10:00:00Z");
    expect(formatEventTime({ ...customers, eventTimeFeatureName: "ltv" }, now)).toBe(String(now.getTime() / 1000));
    expect(parseEventTime(1795161600)?.toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(parseEventTime("2026-11-20T10:00:00+01:00")?.toISOString()).toBe("2026-11-20T09:00:00.000Z");
    expect(parseEventTime("2026-11-20")).toBeUndefined();
  });
});

describe("planBatchCalls", () => {
  const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);

  it.each([
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
    [1000, 10],
  ])("packs %i ids into %i calls, never more than 100 per call", (n, calls) => {
    const planned = planBatchCalls(
      [
        { featureGroup: "a", recordIds: ids("a", Math.ceil(n / 2)) },
        { featureGroup: "b", recordIds: ids("b", Math.floor(n / 2)) },
      ].filter((r) => r.recordIds.length > 0),
    );
    expect(planned).toHaveLength(calls);
    for (const call of planned) expect(call.reduce((s, c) => s + c.recordIds.length, 0)).toBeLessThanOrEqual(100);
    expect(planned.flat().flatMap((c) => c.recordIds)).toHaveLength(n);
  });

  it("keeps a group's feature list with its ids", () => {
    const planned = planBatchCalls([
      { featureGroup: "a", recordIds: ["1"], features: ["x"] },
      { featureGroup: "a", recordIds: ["2"] },
    ]);
    expect(planned).toEqual([
      [
        { featureGroup: "a", recordIds: ["1"], features: ["x"] },
        { featureGroup: "a", recordIds: ["2"] },
      ],
    ]);
  });
});

describe("mapWithConcurrency", () => {
  it("never runs more than the bound at once and keeps the order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 2));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});
