import { DETAIL_TYPES, FUNCTIONS, RULES } from "@sagemaker-lifecycle/core/events/rules";
import { API_ROUTES } from "@sagemaker-lifecycle/core/http/routes";
import { invoke } from "@sagemaker-lifecycle/local/lambda-invoker";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersGroup } from "../support/feature-groups.js";
import { fixture } from "../support/fixtures.js";
import { startTestRuntime } from "../support/local.js";

/** Bounded runs; FUZZ_SEED repeats a failing run (fast-check prints the seed and path on failure). */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const settings = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
  await fetch(`${runtime.edgeUrl}/_sim/scenario`, {
    method: "POST",
    body: JSON.stringify({ featureGroups: [customersGroup()] }),
  });
});

afterAll(async () => {
  await runtime.stop();
});

const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "..",
    ".",
    "%2e%2e",
    "%00",
    "a/b",
    "\u202e",
    "😀",
    "churn-prod",
    "customers",
    "c-1",
    "x".repeat(300),
    "' OR 1=1 --",
    "<script>",
  ),
);

const jsonValue = fc.jsonValue({ maxDepth: 4 });

const body = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom(
    "{",
    "[1,",
    '{"steps": [50, 20]}',
    '{"features": {"ltv": "x"}}',
    '{"requests": []}',
    "null",
    "\u0000",
  ),
  fc.nat({ max: 3 }).map((n) => JSON.stringify({ blob: "y".repeat(100_000 * (n + 1)) })),
);

function fillPath(path: string, segments: string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(segments[i++] ?? "x"));
}

describe("fuzzing every route", () => {
  it.each(API_ROUTES.filter((r) => r.path !== "/health"))(
    "$method $path answers malformed requests with a 4xx in the one JSON shape",
    async (route) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(oddText, { minLength: 3, maxLength: 3 }),
          body,
          fc.array(fc.tuple(oddText, oddText), { maxLength: 3 }),
          async (segments, payload, query) => {
            const params = new URLSearchParams(query);
            const response = await fetch(
              `${runtime.apiUrl}${fillPath(route.path, segments)}${params.size ? `?${params}` : ""}`,
              {
                method: route.method,
                headers: { authorization: `Bearer ${runtime.apiToken}`, "content-type": "application/json" },
                ...(route.method === "GET" || route.method === "DELETE" ? {} : { body: payload }),
              },
            );
            const text = await response.text();
            expect(response.status, text).toBeLessThan(500);
            const json = JSON.parse(text) as { error?: { code: string; message: string }; requestId?: string };
            if (response.status >= 400) {
              expect(json.error?.code).toEqual(expect.any(String));
              expect(json.error?.message).toEqual(expect.any(String));
              expect(json.requestId).toEqual(expect.any(String));
            }
          },
        ),
        settings,
      );
      // Still up
      expect((await fetch(`${runtime.apiUrl}/health`)).status).toBe(200);
    },
  );
});

const FIXTURE_FOR: Record<string, string> = {
  [DETAIL_TYPES.tuningJob]: "events/tuning-job-completed.json",
  [DETAIL_TYPES.endpoint]: "events/endpoint-in-service.json",
  [DETAIL_TYPES.processingJob]: "events/processing-job-completed-monitoring.json",
  [DETAIL_TYPES.alarm]: "events/cloudwatch-alarm-state-change.json",
};

/** Errors an event handler may raise on a bad or unknown event: named, expected, retried or parked. */
const EXPECTED_ERRORS = new Set([
  "ValidationError",
  "NotFoundError",
  "ResourceNotFound",
  "ValidationException",
  "ConflictError",
]);

/** Mutates one field somewhere in the event: removes it, or swaps its value for another JSON value. */
function mutate(
  event: Record<string, unknown>,
  path: string[],
  replacement: unknown,
  remove: boolean,
): Record<string, unknown> {
  const copy = structuredClone(event);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  const last = path.at(-1) as string;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))].filter((p) => p.length > 0);
}

describe("fuzzing every rule's consumer", () => {
  it.each(RULES)("$id: malformed events are rejected with a named error, never a crash", async (rule) => {
    const base = fixture<Record<string, unknown>>(
      FIXTURE_FOR[
        rule.pattern["detail-type"] ? ((rule.pattern["detail-type"] as string[])[0] as string) : ""
      ] as string,
    );
    const fieldPaths = paths(base);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fieldPaths),
        jsonValue,
        fc.boolean(),
        fc.string({ maxLength: 8 }),
        async (path, replacement, remove, id) => {
          const event = { ...mutate(base, path, replacement, remove), id: `fuzz-${id}-${Math.random()}` };
          try {
            await invoke(FUNCTIONS[rule.target].handler, event, rule.target);
          } catch (error) {
            expect(EXPECTED_ERRORS, `${(error as Error).name}: ${(error as Error).message}`).toContain(
              (error as Error).name,
            );
          }
        },
      ),
      { ...settings, numRuns: RUNS * 2 },
    );
  });
});
