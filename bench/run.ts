/**
 * `npm run bench`: cold starts, the feature read path, batch reads, the cost of one full
 * lifecycle and the local bus's throughput, measured in one run on this machine. Prints a
 * table per measure and writes bench/results.json. Never a timed assertion: the figures
 * are compared with their targets here and in docs/performance.md.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GetRecordCommand, SageMakerFeatureStoreRuntimeClient } from "@aws-sdk/client-sagemaker-featurestore-runtime";
import { invoke } from "@sagemaker-lifecycle/local/lambda-invoker";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { customerRecords, customersGroup } from "../test/support/feature-groups.js";
import { FULL_LIFECYCLE, SCALING_PLAN } from "../test/support/full-lifecycle.js";
import { api, clientConfig, startTestRuntime } from "../test/support/local.js";
import { loadScenario, simCalls } from "../test/support/scenario.js";
import { measureColdStarts } from "./cold-start.js";

process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const results: Record<string, unknown> = {};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function table(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n## ${title}\n`);
  const headers = Object.keys(rows[0] ?? {});
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(headers.map((h) => String(row[h]))));
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function coldStarts(): Promise<void> {
  console.error("cold starts: bundling every function and starting each 20 times…");
  const rows = await measureColdStarts(20, (line) => console.error(line));
  results.coldStart = rows;
  table(
    "Cold start (esbuild bundle as deployed; init = median of 20 fresh processes)",
    rows.map((r) => ({
      function: r.fn,
      "size KB": fixed(r.sizeKb, 0),
      "floor KB": fixed(r.floorSizeKb, 0),
      "size ×": r.floorSizeKb > 1 ? fixed(r.sizeKb / r.floorSizeKb, 2) : "n/a",
      "init ms": fixed(r.initMs),
      "floor ms": fixed(r.floorInitMs),
      "init ×": fixed(r.initMs / r.floorInitMs, 2),
      "SDK clients": r.clients.map((c) => c.replace("@aws-sdk/", "")).join(" ") || "none",
    })),
  );
}

function apiEvent(runtime: LocalRuntime, path: string, pathParameters: Record<string, string>) {
  const now = runtime.clock.now();
  return {
    version: "2.0",
    routeKey: "GET /feature-groups/{group}/records/{id}",
    rawPath: path,
    rawQueryString: "",
    headers: {},
    pathParameters,
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "localhost",
      domainPrefix: "bench",
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: "bench",
      routeKey: "GET /feature-groups/{group}/records/{id}",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

async function featurePaths(): Promise<void> {
  const runtime = await startTestRuntime();
  try {
    const ids = Array.from({ length: 1000 }, (_, i) => `c-${i}`);
    await loadScenario(runtime, { featureGroups: [customersGroup(customerRecords(1000))] });
    const raw = new SageMakerFeatureStoreRuntimeClient(clientConfig(runtime));
    const N = 400;
    const handlerTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      await invoke(
        "api/features.get",
        apiEvent(runtime, "/feature-groups/customers/records/c-1", { group: "customers", id: "c-1" }),
      );
      await raw.send(new GetRecordCommand({ FeatureGroupName: "customers", RecordIdentifierValueAsString: "c-1" }));
    }
    // Interleaved, so both see the same machine and the same simulator.
    for (let i = 0; i < N; i++) {
      const id = `c-${i % 1000}`;
      let t = performance.now();
      const response = (await invoke(
        "api/features.get",
        apiEvent(runtime, `/feature-groups/customers/records/${id}`, { group: "customers", id }),
      )) as { statusCode: number };
      handlerTimes.push(performance.now() - t);
      if (response.statusCode !== 200) throw new Error(`handler answered ${response.statusCode}`);
      t = performance.now();
      await raw.send(new GetRecordCommand({ FeatureGroupName: "customers", RecordIdentifierValueAsString: id }));
      rawTimes.push(performance.now() - t);
    }
    const read = {
      handlerP50: percentile(handlerTimes, 50),
      handlerP99: percentile(handlerTimes, 99),
      rawP50: percentile(rawTimes, 50),
      rawP99: percentile(rawTimes, 99),
    };
    results.featureRead = { ...read, samples: N, p50Ratio: read.handlerP50 / read.rawP50 };
    table("Feature read path (in-process handler vs raw SDK GetRecord, same simulator, interleaved)", [
      {
        path: "GET /feature-groups/{group}/records/{id} handler",
        "p50 ms": fixed(read.handlerP50, 2),
        "p99 ms": fixed(read.handlerP99, 2),
      },
      { path: "raw SDK GetRecord", "p50 ms": fixed(read.rawP50, 2), "p99 ms": fixed(read.rawP99, 2) },
      {
        path: "ratio (target p50 ≤ 1.15×)",
        "p50 ms": fixed(read.handlerP50 / read.rawP50, 2),
        "p99 ms": fixed(read.handlerP99 / read.rawP99, 2),
      },
    ]);

    const batchRows: Array<Record<string, string | number>> = [];
    const batch: unknown[] = [];
    for (const n of [1, 100, 250, 1000]) {
      const before = (await simCalls(runtime))["FeatureStore.BatchGetRecord"] ?? 0;
      let t = performance.now();
      const response = (await invoke("api/features.batchGet", {
        ...apiEvent(runtime, "/feature-groups/batch-get", {}),
        routeKey: "POST /feature-groups/batch-get",
        body: JSON.stringify({ requests: [{ featureGroup: "customers", recordIds: ids.slice(0, n) }] }),
      })) as { statusCode: number; body: string };
      const batchMs = performance.now() - t;
      const calls = ((await simCalls(runtime))["FeatureStore.BatchGetRecord"] ?? 0) - before;
      const records = (JSON.parse(response.body) as { records: unknown[] }).records.length;
      t = performance.now();
      for (const id of ids.slice(0, n))
        await raw.send(new GetRecordCommand({ FeatureGroupName: "customers", RecordIdentifierValueAsString: id }));
      const oneByOneMs = performance.now() - t;
      const minimum = Math.ceil(n / 100);
      batch.push({ ids: n, calls, minimum, records, batchMs, oneByOneMs });
      batchRows.push({
        ids: n,
        "BatchGetRecord calls": calls,
        "minimum (⌈n/100⌉)": minimum,
        records,
        "batch ms": fixed(batchMs),
        "one GetRecord at a time ms": fixed(oneByOneMs),
        speed: `${fixed(oneByOneMs / batchMs)}×`,
      });
    }
    results.batchRead = batch;
    table("Batch read", batchRows);
    raw.destroy();
  } finally {
    await runtime.stop();
  }
}

async function lifecycleCost(): Promise<void> {
  const runtime = await startTestRuntime();
  try {
    const apiCalls = { count: 0 };
    const started = runtime.bus.deliveries.length;
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      if (String(input).startsWith(runtime.apiUrl)) apiCalls.count++;
      return originalFetch(input, init);
    }) as typeof fetch;
    await fetch(`${runtime.edgeUrl}/_sim/calls`, { method: "DELETE" });
    for (const key of Object.keys(runtime.dynamoCalls)) delete runtime.dynamoCalls[key];
    // Set up with three API calls, then let 80 minutes pass without polling, so the counts are the backend's own.
    await api(runtime, "PUT", "/endpoints/churn-prod/rollout-policy", { steps: [20, 50, 100], bakeSeconds: 600 });
    await loadScenario(runtime, FULL_LIFECYCLE);
    await api(runtime, "PUT", "/endpoints/churn-prod/scaling-plan", SCALING_PLAN);
    await runtime.clock.advance(80 * 60);
    await runtime.bus.idle();
    globalThis.fetch = originalFetch;
    const summary = { rollout: (await api(runtime, "GET", "/rollouts/churn-prod")).body as { status: string } };
    const calls = (await (await fetch(`${runtime.edgeUrl}/_sim/calls`)).json()) as { calls: Record<string, number> };
    const deliveries = runtime.bus.deliveries.slice(started);
    const byTarget: Record<string, number> = {};
    for (const d of deliveries) byTarget[d.target] = (byTarget[d.target] ?? 0) + 1;
    const sum = (prefix: string) =>
      Object.entries(calls.calls)
        .filter(([k]) => k.startsWith(prefix))
        .reduce((n, [, v]) => n + v, 0);
    results.lifecycle = {
      status: summary.rollout.status,
      calls: calls.calls,
      dynamodb: { ...runtime.dynamoCalls },
      invocations: { events: byTarget, api: apiCalls.count },
    };
    const rows = Object.entries(calls.calls)
      .sort()
      .map(([operation, n]) => ({ operation, calls: n }));
    for (const [operation, n] of Object.entries(runtime.dynamoCalls).sort())
      rows.push({ operation: `DynamoDB.${operation}`, calls: n });
    for (const [target, n] of Object.entries(byTarget).sort())
      rows.push({ operation: `Lambda invocations: ${target}`, calls: n });
    rows.push({ operation: "Lambda invocations: API (set-up: 2 PUTs)", calls: apiCalls.count });
    table(
      `One full lifecycle (tuning job → 100 % → scaling re-applied → drift alert): ${summary.rollout.status}`,
      rows,
    );
    table("Totals", [
      { service: "SageMaker", calls: sum("SageMaker.") },
      { service: "Application Auto Scaling", calls: sum("AutoScaling.") },
      { service: "S3", calls: sum("S3.") },
      { service: "DynamoDB", calls: Object.values(runtime.dynamoCalls).reduce((a, b) => a + b, 0) },
      { service: "Lambda (event functions)", calls: deliveries.length },
    ]);
  } finally {
    await runtime.stop();
  }
}

async function busThroughput(): Promise<void> {
  const runtime = await startTestRuntime();
  try {
    const N = 400;
    const started = runtime.bus.deliveries.length;
    const t = performance.now();
    for (let i = 0; i < N; i += 10) {
      runtime.bus.putEvents(
        Array.from({ length: 10 }, (_, j) => ({
          Source: "aws.cloudwatch",
          DetailType: "CloudWatch Alarm State Change",
          Detail: JSON.stringify({
            alarmName: `bench-${i + j}`,
            state: { value: "ALARM" },
            previousState: { value: "OK" },
          }),
        })),
      );
    }
    await runtime.bus.idle();
    const seconds = (performance.now() - t) / 1000;
    const deliveries = runtime.bus.deliveries.slice(started);
    const durations = deliveries.map((d) => d.durationMs);
    // The same, one event at a time: handling time without the queue.
    const sequentialStart = runtime.bus.deliveries.length;
    for (let i = 0; i < 200; i++) {
      runtime.bus.putEvents([
        {
          Source: "aws.cloudwatch",
          DetailType: "CloudWatch Alarm State Change",
          Detail: JSON.stringify({ alarmName: `seq-${i}`, state: { value: "ALARM" } }),
        },
      ]);
      await runtime.bus.idle();
    }
    const sequential = runtime.bus.deliveries.slice(sequentialStart).map((d) => d.durationMs);
    results.busThroughput = {
      sequentialP50Ms: percentile(sequential, 50),
      sequentialP99Ms: percentile(sequential, 99),
      events: N,
      seconds,
      eventsPerSecond: N / seconds,
      p50Ms: percentile(durations, 50),
      p99Ms: percentile(durations, 99),
      failed: deliveries.filter((d) => d.outcome === "failed").length,
    };
    table("Local bus with idempotency on dynalite (400 alarm events, all delivered at once)", [
      {
        events: N,
        "wall s": fixed(seconds, 2),
        "events/s": fixed(N / seconds, 0),
        "handling p50 ms": fixed(percentile(durations, 50)),
        "handling p99 ms": fixed(percentile(durations, 99)),
        failed: deliveries.filter((d) => d.outcome === "failed").length,
      },
    ]);
    table("Local bus, one event at a time (200 events): handling time without queueing", [
      {
        "handling p50 ms": fixed(percentile(sequential, 50), 2),
        "handling p99 ms": fixed(percentile(sequential, 99), 2),
      },
    ]);
  } finally {
    await runtime.stop();
  }
}

const only = process.argv.slice(2);
const run = (name: string) => only.length === 0 || only.includes(name);
results.machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  date: new Date().toISOString(),
};
console.log(
  `# sagemaker-lifecycle benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`,
);
if (run("cold")) await coldStarts();
if (run("features")) await featurePaths();
if (run("lifecycle")) await lifecycleCost();
if (run("bus")) await busThroughput();
// A partial run (`npm run bench -- features`) keeps the other figures of the last full run.
const file = resolve(root, "bench/results.json");
const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
writeFileSync(file, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log("\nwritten: bench/results.json");
