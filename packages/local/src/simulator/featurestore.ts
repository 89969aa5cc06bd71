/**
 * Simulated SageMaker Feature Store runtime (REST-JSON under `/FeatureGroup/{name}` and
 * `/BatchGetRecord`): the online store of the simulator's feature groups. Every value is a
 * string (`ValueAsString`), GetRecord of an absent record answers `{}`, BatchGetRecord takes at
 * most 100 identifiers, and PutRecord keeps the record with the newest event time.
 */
import { type AwsRequest, AwsServiceError, jsonBody, jsonReply } from "../aws-protocol.js";
import type { Faults } from "./faults.js";
import type { FeatureGroup, SageMakerSimulator } from "./sagemaker.js";

const MAX_BATCH_IDENTIFIERS = 100;
const REST_JSON = "application/json";

type FeatureValue = { FeatureName: string; ValueAsString: string };

function project(record: Map<string, string>, names?: string[]): FeatureValue[] {
  return [...record.entries()]
    .filter(([name]) => !names || names.length === 0 || names.includes(name))
    .map(([FeatureName, ValueAsString]) => ({ FeatureName, ValueAsString }));
}

function eventTimeMillis(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

/** The operation a REST request maps to, or undefined when it is not a Feature Store runtime request. */
export function featureStoreOperation(request: AwsRequest): string | undefined {
  if (request.target) return undefined;
  if (request.method === "POST" && request.path === "/BatchGetRecord") return "BatchGetRecord";
  if (!request.path.startsWith("/FeatureGroup/")) return undefined;
  return ({ GET: "GetRecord", PUT: "PutRecord", DELETE: "DeleteRecord" } as Record<string, string>)[request.method];
}

export class FeatureStoreRuntime {
  /** Identifiers already answered as unprocessed once: the retry gets them (as the docs of `batchUnprocessed` say). */
  readonly #unprocessedOnce = new Set<string>();

  constructor(
    private readonly sagemaker: SageMakerSimulator,
    private readonly faults: Faults,
  ) {}

  handle(operation: string, request: AwsRequest) {
    const group = () => this.sagemaker.featureGroup(decodeURIComponent(request.path.slice("/FeatureGroup/".length)));
    switch (operation) {
      case "GetRecord":
        return this.#getRecord(group(), request.query);
      case "PutRecord":
        return this.#putRecord(group(), jsonBody(request));
      case "DeleteRecord":
        return this.#deleteRecord(group(), request.query);
      case "BatchGetRecord":
        return this.#batchGetRecord(jsonBody(request));
      default:
        throw new AwsServiceError("UnknownOperationException", `Unknown Feature Store operation ${operation}`);
    }
  }

  #getRecord(group: FeatureGroup, query: URLSearchParams) {
    const id = query.get("RecordIdentifierValueAsString");
    if (!id) throw new AwsServiceError("ValidationError", "RecordIdentifierValueAsString is required", 400);
    const record = group.records.get(id);
    if (!record) return jsonReply({}, 200, REST_JSON);
    return jsonReply({ Record: project(record, query.getAll("FeatureName")) }, 200, REST_JSON);
  }

  #putRecord(group: FeatureGroup, body: Record<string, unknown>) {
    const stores = (body.TargetStores as string[] | undefined) ?? [
      "OnlineStore",
      ...(group.offlineStore ? ["OfflineStore"] : []),
    ];
    if (stores.includes("OfflineStore") && !group.offlineStore) {
      throw new AwsServiceError("ValidationError", `Feature group ${group.name} has no offline store`, 400);
    }
    const values = body.Record as FeatureValue[] | undefined;
    if (!Array.isArray(values) || values.length === 0)
      throw new AwsServiceError("ValidationError", "Record must not be empty", 400);
    const known = new Set(group.featureDefinitions.map((d) => d.FeatureName));
    const record = new Map<string, string>();
    for (const value of values) {
      if (!known.has(value.FeatureName)) {
        throw new AwsServiceError(
          "ValidationError",
          `The feature ${value.FeatureName} is not defined in the feature group ${group.name}.`,
          400,
        );
      }
      record.set(value.FeatureName, String(value.ValueAsString));
    }
    const id = record.get(group.recordIdentifierFeatureName);
    if (!id)
      throw new AwsServiceError(
        "ValidationError",
        `Record identifier ${group.recordIdentifierFeatureName} is required`,
        400,
      );
    const eventTime = eventTimeMillis(record.get(group.eventTimeFeatureName));
    if (Number.isNaN(eventTime)) {
      throw new AwsServiceError(
        "ValidationError",
        `Event time ${group.eventTimeFeatureName} is required and must be ISO-8601 or epoch seconds`,
        400,
      );
    }
    const existing = group.records.get(id);
    // The online store keeps the newest record: an older event time does not overwrite it.
    if (!existing || eventTimeMillis(existing.get(group.eventTimeFeatureName)) <= eventTime)
      group.records.set(id, record);
    return { status: 200, headers: { "content-type": REST_JSON }, body: "" };
  }

  #deleteRecord(group: FeatureGroup, query: URLSearchParams) {
    const id = query.get("RecordIdentifierValueAsString");
    const eventTime = eventTimeMillis(query.get("EventTime") ?? undefined);
    if (!id || Number.isNaN(eventTime)) {
      throw new AwsServiceError("ValidationError", "RecordIdentifierValueAsString and EventTime are required", 400);
    }
    const existing = group.records.get(id);
    if (existing && eventTimeMillis(existing.get(group.eventTimeFeatureName)) <= eventTime) group.records.delete(id);
    return { status: 200, headers: { "content-type": REST_JSON }, body: "" };
  }

  #batchGetRecord(body: Record<string, unknown>) {
    const identifiers = body.Identifiers as
      | Array<{ FeatureGroupName: string; RecordIdentifiersValueAsString: string[]; FeatureNames?: string[] }>
      | undefined;
    if (!Array.isArray(identifiers) || identifiers.length === 0) {
      throw new AwsServiceError("ValidationError", "Identifiers must not be empty", 400);
    }
    const total = identifiers.reduce((sum, i) => sum + (i.RecordIdentifiersValueAsString?.length ?? 0), 0);
    if (total > MAX_BATCH_IDENTIFIERS) {
      throw new AwsServiceError(
        "ValidationError",
        `BatchGetRecord takes at most ${MAX_BATCH_IDENTIFIERS} record identifiers, got ${total}`,
        400,
      );
    }
    const Records: unknown[] = [];
    const Errors: unknown[] = [];
    const UnprocessedIdentifiers: unknown[] = [];
    const unprocessedRate = this.faults.settings.batchUnprocessed;
    for (const identifier of identifiers) {
      const group = this.sagemaker.featureGroups.get(identifier.FeatureGroupName);
      const unprocessed: string[] = [];
      for (const id of identifier.RecordIdentifiersValueAsString ?? []) {
        if (!group) {
          Errors.push({
            FeatureGroupName: identifier.FeatureGroupName,
            RecordIdentifierValueAsString: id,
            ErrorCode: "ResourceNotFound",
            ErrorMessage: `Feature group ${identifier.FeatureGroupName} not found`,
          });
          continue;
        }
        const onceKey = `${group.name}\u0000${id}`;
        if (unprocessedRate > 0 && !this.#unprocessedOnce.has(onceKey) && this.faults.random() < unprocessedRate) {
          this.#unprocessedOnce.add(onceKey);
          unprocessed.push(id);
          continue;
        }
        const record = group.records.get(id);
        if (record) {
          Records.push({
            FeatureGroupName: group.name,
            RecordIdentifierValueAsString: id,
            Record: project(record, identifier.FeatureNames),
          });
        }
      }
      if (unprocessed.length > 0) {
        UnprocessedIdentifiers.push({
          FeatureGroupName: identifier.FeatureGroupName,
          RecordIdentifiersValueAsString: unprocessed,
          ...(identifier.FeatureNames ? { FeatureNames: identifier.FeatureNames } : {}),
        });
      }
    }
    return jsonReply({ Records, Errors, UnprocessedIdentifiers }, 200, REST_JSON);
  }
}
