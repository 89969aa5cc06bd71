/**
 * The online Feature Store API's use cases: typed reads, batch reads within AWS's limits,
 * validated writes and deletes. Definitions are cached with a TTL instead of being
 * described on every request.
 */
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../errors.js";
import type { FeatureStorePort } from "../ports/feature-store.js";
import { type BatchRequest, mapWithConcurrency, planBatchCalls } from "./batch.js";
import { decodeRecord, encodeRecord, formatEventTime, MAX_RECORD_BYTES, parseEventTime } from "./codec.js";
import type { FeatureGroupDefinition, FeatureValue } from "./definitions.js";

/** At most this many record ids in one batch request (a clear 400 beyond). */
export const MAX_BATCH_IDS = 1000;
/** BatchGetRecord calls in flight at once for one request. */
export const BATCH_CONCURRENCY = 4;
/** Rounds of retrying UnprocessedIdentifiers before they are reported as errors. */
export const UNPROCESSED_RETRIES = 3;

export class FeatureGroupNotFoundError extends NotFoundError {}
export class RecordNotFoundError extends NotFoundError {}

/** Feature-group definitions cached for `ttlMs`. */
export class DefinitionCache {
  readonly #entries = new Map<string, { definition: FeatureGroupDefinition; expires: number }>();
  constructor(
    private readonly port: Pick<FeatureStorePort, "describeFeatureGroup">,
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(group: string): Promise<FeatureGroupDefinition> {
    const cached = this.#entries.get(group);
    if (cached && cached.expires > this.clock()) return cached.definition;
    const definition = await this.port.describeFeatureGroup(group);
    if (!definition) throw new FeatureGroupNotFoundError(`Feature group ${group} does not exist`);
    this.#entries.set(group, { definition, expires: this.clock() + this.ttlMs });
    return definition;
  }
}

export interface FeatureDeps {
  readonly store: FeatureStorePort;
  readonly definitions: DefinitionCache;
  readonly sleep?: (ms: number) => Promise<void>;
}

function checkFeatureNames(definition: FeatureGroupDefinition, names: readonly string[]): void {
  const known = new Set(definition.features.map((f) => f.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown feature(s) of ${definition.name}: ${unknown.join(", ")}`, {
      details: unknown.map((name) => ({ path: `feature.${name}`, message: `is not a feature of ${definition.name}` })),
    });
  }
}

/** `GET /feature-groups/{group}/records/{id}`. */
export async function readRecord(group: string, recordId: string, features: readonly string[], deps: FeatureDeps) {
  const definition = await deps.definitions.get(group);
  checkFeatureNames(definition, features);
  const stored = await deps.store.getRecord(group, recordId, features.length > 0 ? features : undefined);
  if (!stored || stored.length === 0) throw new RecordNotFoundError(`No record ${recordId} in feature group ${group}`);
  return { featureGroup: group, recordId, features: decodeRecord(definition, stored) };
}

export interface BatchResult {
  readonly records: Array<{ featureGroup: string; recordId: string; features: Record<string, FeatureValue> }>;
  readonly missing: Array<{ featureGroup: string; recordId: string }>;
  readonly errors: Array<{ featureGroup: string; recordId: string; code: string; message: string }>;
}

/** `POST /feature-groups/batch-get`: ⌈ids / 100⌉ BatchGetRecord calls, concurrently, unprocessed ids retried, the caller's order kept. */
export async function batchRead(requests: readonly BatchRequest[], deps: FeatureDeps): Promise<BatchResult> {
  const total = requests.reduce((n, r) => n + r.recordIds.length, 0);
  if (total > MAX_BATCH_IDS)
    throw new ValidationError(`A batch reads at most ${MAX_BATCH_IDS} record ids; this one has ${total}`);
  const definitions = new Map<string, FeatureGroupDefinition>();
  const errors: BatchResult["errors"] = [];
  const readable: BatchRequest[] = [];
  for (const request of requests) {
    try {
      const definition = definitions.get(request.featureGroup) ?? (await deps.definitions.get(request.featureGroup));
      definitions.set(request.featureGroup, definition);
      if (request.features) checkFeatureNames(definition, request.features);
      readable.push(request);
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof ValidationError)) throw error;
      for (const recordId of request.recordIds)
        errors.push({ featureGroup: request.featureGroup, recordId, code: error.code, message: error.message });
    }
  }
  const found = new Map<string, Record<string, FeatureValue>>();
  const failed = new Map<string, { code: string; message: string }>();
  const key = (group: string, id: string) => `${group}\u0000${id}`;
  let pending = planBatchCalls(readable);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let round = 0; pending.length > 0; round++) {
    const answers = await mapWithConcurrency(pending, BATCH_CONCURRENCY, (call) => deps.store.batchGetRecord(call));
    const unprocessed: BatchRequest[] = [];
    for (const answer of answers) {
      for (const r of answer.records)
        found.set(
          key(r.featureGroup, r.recordId),
          decodeRecord(definitions.get(r.featureGroup) as FeatureGroupDefinition, r.record),
        );
      for (const e of answer.errors) failed.set(key(e.featureGroup, e.recordId), { code: e.code, message: e.message });
      unprocessed.push(...answer.unprocessed);
    }
    if (unprocessed.length === 0) break;
    if (round >= UNPROCESSED_RETRIES) {
      for (const u of unprocessed)
        for (const id of u.recordIds)
          failed.set(key(u.featureGroup, id), {
            code: "Unprocessed",
            message: `not processed after ${UNPROCESSED_RETRIES} retries`,
          });
      break;
    }
    await sleep(50 * 2 ** round);
    pending = planBatchCalls(unprocessed);
  }
  const result: BatchResult = { records: [], missing: [], errors };
  for (const request of readable) {
    for (const recordId of request.recordIds) {
      const features = found.get(key(request.featureGroup, recordId));
      const error = failed.get(key(request.featureGroup, recordId));
      if (features) result.records.push({ featureGroup: request.featureGroup, recordId, features });
      else if (error) result.errors.push({ featureGroup: request.featureGroup, recordId, ...error });
      else result.missing.push({ featureGroup: request.featureGroup, recordId });
    }
  }
  return result;
}

/** `PUT /feature-groups/{group}/records/{id}`: every problem in one 400; over 350 KB is a 413. */
export async function writeRecord(
  group: string,
  recordId: string,
  body: { features: Record<string, unknown>; eventTime?: unknown; offlineStore?: boolean | undefined },
  now: Date,
  deps: FeatureDeps,
) {
  const definition = await deps.definitions.get(group);
  const { problems, encoded } = encodeRecord(definition, recordId, body.features, body.eventTime, now);
  if (body.offlineStore && !definition.offlineStore)
    problems.push({ path: "offlineStore", message: `feature group ${group} has no offline store` });
  if (problems.length > 0 || !encoded) {
    throw new ValidationError(`The record does not fit feature group ${group}: ${problems.length} problem(s)`, {
      details: problems,
    });
  }
  if (encoded.bytes > MAX_RECORD_BYTES) {
    throw new PayloadTooLargeError(
      `The record is ${encoded.bytes} bytes; Feature Store takes at most ${MAX_RECORD_BYTES}`,
    );
  }
  const stores: Array<"OnlineStore" | "OfflineStore"> = body.offlineStore
    ? ["OnlineStore", "OfflineStore"]
    : ["OnlineStore"];
  await deps.store.putRecord(group, encoded.record, stores);
  return { featureGroup: group, recordId, stores, features: decodeRecord(definition, encoded.record) };
}

/** `DELETE /feature-groups/{group}/records/{id}?eventTime=` (now by default). */
export async function deleteRecord(
  group: string,
  recordId: string,
  eventTime: string | undefined,
  now: Date,
  deps: FeatureDeps,
) {
  const definition = await deps.definitions.get(group);
  const time =
    eventTime === undefined ? now : parseEventTime(/^\d+(\.\d+)?$/.test(eventTime) ? Number(eventTime) : eventTime);
  if (!time)
    throw new ValidationError("eventTime must be ISO-8601 with a zone or epoch seconds", {
      details: [{ path: "eventTime", message: "bad format" }],
    });
  await deps.store.deleteRecord(group, recordId, formatEventTime(definition, time));
  return { featureGroup: group, recordId, deletedAt: time.toISOString() };
}

/** `GET /feature-groups/{group}`. */
export async function describeGroup(group: string, deps: FeatureDeps) {
  return deps.definitions.get(group);
}
