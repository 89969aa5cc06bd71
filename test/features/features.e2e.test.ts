import { LifecycleApiError } from "@sagemaker-lifecycle/client";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerRecords, customersGroup } from "../support/feature-groups.js";
import { api, client, startTestRuntime } from "../support/local.js";
import { loadScenario, simCalls } from "../support/scenario.js";

let runtime: LocalRuntime;
let lifecycle: ReturnType<typeof client>;

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

beforeAll(async () => {
  runtime = await startTestRuntime();
  lifecycle = client(runtime);
  await loadScenario(runtime, {
    featureGroups: [
      customersGroup(
        [
          ...customerRecords(150, { segment: "retail" }),
          {
            customer_id: "big",
            ltv: "1e3",
            orders: "9007199254740993",
            segment: "vip",
            event_time: "2026-11-20T10:00:00Z",
          },
        ],
        [{ name: "segment", type: "String" }],
      ),
      {
        name: "accounts",
        recordIdentifierFeatureName: "account_id",
        eventTimeFeatureName: "EventTime",
        offlineStore: true,
        featureDefinitions: [
          { name: "account_id", type: "Integral" },
          { name: "balance", type: "Fractional" },
          { name: "EventTime", type: "Fractional" },
        ],
        records: Array.from({ length: 100 }, (_, i) => ({
          account_id: String(i),
          balance: `${i * 10}`,
          EventTime: "1795161600",
        })),
      },
    ],
  });
});

afterAll(async () => {
  await runtime.stop();
});

async function expectApiError(promise: Promise<unknown>, status: number): Promise<LifecycleApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LifecycleApiError);
  expect((error as LifecycleApiError).status).toBe(status);
  expect((error as LifecycleApiError).requestId).toBeTruthy();
  return error as LifecycleApiError;
}

describe("typed reads", () => {
  it("types values by the group's definitions", async () => {
    const record = await lifecycle.getRecord("customers", "c-7");
    expect(record).toEqual({
      featureGroup: "customers",
      recordId: "c-7",
      features: { customer_id: "c-7", ltv: 7.5, orders: 7, segment: "retail", event_time: "2026-11-20T10:00:00Z" },
    });
  });

  it("keeps an Integral beyond 2^53 exact, as a string", async () => {
    const record = await lifecycle.getRecord("customers", "big");
    expect(record.features).toMatchObject({ orders: "9007199254740993", ltv: 1000 });
  });

  it("returns only the features asked for", async () => {
    const record = await lifecycle.getRecord("customers", "c-1", ["ltv", "orders"]);
    expect(record.features).toEqual({ ltv: 1.5, orders: 1 });
  });

  it("answers 404 with the JSON error for an unknown group or record, 400 for an unknown feature", async () => {
    expect((await expectApiError(lifecycle.getRecord("nope", "c-1"), 404)).message).toContain(
      "Feature group nope does not exist",
    );
    expect((await expectApiError(lifecycle.getRecord("customers", "missing"), 404)).message).toContain(
      "No record missing",
    );
    await expectApiError(lifecycle.getRecord("customers", "c-1", ["height"]), 400);
  });

  it("describes a group from a cache, not on every request", async () => {
    const before = (await simCalls(runtime))["SageMaker.DescribeFeatureGroup"] ?? 0;
    const definition = await lifecycle.getFeatureGroup("customers");
    for (let i = 0; i < 5; i++) await lifecycle.getRecord("customers", `c-${i}`);
    expect(definition).toMatchObject({
      name: "customers",
      recordIdentifierFeatureName: "customer_id",
      offlineStore: false,
    });
    expect(((await simCalls(runtime))["SageMaker.DescribeFeatureGroup"] ?? 0) - before).toBeLessThanOrEqual(1);
  });
});

describe("batch reads", () => {
  it("reads 250 ids across two groups in 3 BatchGetRecord calls, in the caller's order, with the missing ones listed", async () => {
    // Prepare: 150 customers + 2 unknown, 98 accounts
    const customerIds = [...ids("c", 150).reverse(), "ghost-1", "ghost-2"];
    const accountIds = ids("x", 98).map((_, i) => String(97 - i));
    const before = (await simCalls(runtime))["FeatureStore.BatchGetRecord"] ?? 0;
    // Act
    const result = await lifecycle.batchGet({
      requests: [
        { featureGroup: "customers", recordIds: customerIds, features: ["ltv"] },
        { featureGroup: "accounts", recordIds: accountIds },
      ],
    });
    // Assess
    expect(((await simCalls(runtime))["FeatureStore.BatchGetRecord"] ?? 0) - before).toBe(3);
    expect(result.records).toHaveLength(248);
    expect(result.records.slice(0, 2)).toEqual([
      { featureGroup: "customers", recordId: "c-149", features: { ltv: 149.5 } },
      { featureGroup: "customers", recordId: "c-148", features: { ltv: 148.5 } },
    ]);
    expect(result.records.map((r) => `${r.featureGroup}/${r.recordId}`)).toEqual([
      ...customerIds.slice(0, 150).map((id) => `customers/${id}`),
      ...accountIds.map((id) => `accounts/${id}`),
    ]);
    expect(result.records[150]).toEqual({
      featureGroup: "accounts",
      recordId: "97",
      features: { account_id: 97, balance: 970, EventTime: 1795161600 },
    });
    expect(result.missing).toEqual([
      { featureGroup: "customers", recordId: "ghost-1" },
      { featureGroup: "customers", recordId: "ghost-2" },
    ]);
    expect(result.errors).toEqual([]);
  });

  it("retries unprocessed identifiers until every record is read", async () => {
    await fetch(`${runtime.edgeUrl}/_sim/faults`, {
      method: "POST",
      body: JSON.stringify({ batchUnprocessed: 0.4, seed: 3 }),
    });
    const before = (await simCalls(runtime))["FeatureStore.BatchGetRecord"] ?? 0;
    const result = await lifecycle.batchGet({ requests: [{ featureGroup: "customers", recordIds: ids("c", 120) }] });
    await fetch(`${runtime.edgeUrl}/_sim/faults`, { method: "POST", body: JSON.stringify({ batchUnprocessed: 0 }) });
    expect(result.records).toHaveLength(120);
    expect(((await simCalls(runtime))["FeatureStore.BatchGetRecord"] ?? 0) - before).toBeGreaterThan(2);
  });

  it("reports an unknown group per id, and caps the request size with a clear 400", async () => {
    const result = await lifecycle.batchGet({ requests: [{ featureGroup: "nope", recordIds: ["a", "b"] }] });
    expect(result.errors).toEqual([
      expect.objectContaining({ featureGroup: "nope", recordId: "a", code: "NotFound" }),
      expect.objectContaining({ featureGroup: "nope", recordId: "b", code: "NotFound" }),
    ]);
    const tooMany = await expectApiError(
      lifecycle.batchGet({ requests: [{ featureGroup: "customers", recordIds: ids("c", 1001) }] }),
      400,
    );
    expect(tooMany.message).toContain("at most 1000");
  });
});

describe("writes and deletes", () => {
  it("writes a validated record and reads it back typed", async () => {
    const written = await lifecycle.putRecord("customers", "new-1", {
      features: { ltv: 42.25, orders: 3, segment: "smb" },
      eventTime: "2026-11-21T09:00:00Z",
    });
    expect(written).toMatchObject({
      stores: ["OnlineStore"],
      features: { customer_id: "new-1", ltv: 42.25, orders: 3, event_time: "2026-11-21T09:00:00Z" },
    });
    expect((await lifecycle.getRecord("customers", "new-1")).features).toMatchObject({
      ltv: 42.25,
      orders: 3,
      segment: "smb",
    });
  });

  it("writes to the offline store too when asked and the group has one; epoch-seconds event time for a Fractional event-time feature", async () => {
    const written = await lifecycle.putRecord("accounts", "500", { features: { balance: 1.5 }, offlineStore: true });
    expect(written.stores).toEqual(["OnlineStore", "OfflineStore"]);
    expect(typeof written.features.EventTime).toBe("number");
    await expectApiError(lifecycle.putRecord("customers", "new-2", { features: { ltv: 1 }, offlineStore: true }), 400);
  });

  it("lists every problem of a bad record in one 400", async () => {
    const error = await expectApiError(
      lifecycle.putRecord("customers", "new-3", {
        features: { ltv: "lots", orders: 2.5, height: 180, customer_id: "someone-else", segment: null },
        eventTime: "yesterday",
      }),
      400,
    );
    const paths = (error.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual([
      "eventTime",
      "features.customer_id",
      "features.height",
      "features.ltv",
      "features.orders",
      "features.segment",
    ]);
  });

  it("refuses a record over 350 KB with a 413", async () => {
    await expectApiError(
      lifecycle.putRecord("customers", "huge", { features: { segment: "x".repeat(360 * 1024) } }),
      413,
    );
  });

  it("deletes a record (event time now by default)", async () => {
    await lifecycle.putRecord("customers", "gone", { features: { ltv: 1 }, eventTime: "2026-11-20T00:00:00Z" });
    const deleted = await lifecycle.deleteRecord("customers", "gone");
    expect(deleted).toMatchObject({ featureGroup: "customers", recordId: "gone" });
    await expectApiError(lifecycle.getRecord("customers", "gone"), 404);
  });
});

describe("throttling", () => {
  it("turns SageMaker throttling into a 503 with Retry-After", async () => {
    await fetch(`${runtime.edgeUrl}/_sim/faults`, {
      method: "POST",
      body: JSON.stringify({ throttle: { GetRecord: 1 } }),
    });
    const response = await api(runtime, "GET", "/feature-groups/customers/records/c-1");
    await fetch(`${runtime.edgeUrl}/_sim/faults`, {
      method: "POST",
      body: JSON.stringify({ throttle: { GetRecord: 0 } }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.body).toMatchObject({ error: { code: "ServiceUnavailable" } });
  });
});
