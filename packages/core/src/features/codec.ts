/**
 * The record codec of the online API: Feature Store keeps every value as a string
 * (`ValueAsString`); the API gives and takes them typed by the group's definitions.
 * Fractional → number; Integral → number while it is a safe integer, otherwise a string of
 * digits (so no precision is lost); String → string.
 */
import type { Problem } from "../validation.js";
import type { FeatureGroupDefinition, FeatureType, FeatureValue } from "./definitions.js";

/** Feature Store's limit on one record's size. */
export const MAX_RECORD_BYTES = 350 * 1024;

const INTEGER = /^[-+]?\d+$/;

/**
 * Decodes one stored value by its feature type.
 *
 * @example
 * decodeValue("Integral", "9007199254740993"); // "9007199254740993" (not a safe integer: kept exact)
 */
export function decodeValue(type: FeatureType | undefined, raw: string): FeatureValue {
  if (type === "Fractional") {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  if (type === "Integral" && INTEGER.test(raw.trim())) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : raw.trim().replace(/^\+/, "");
  }
  return raw;
}

/** Decodes a GetRecord answer into typed features, keeping only `wanted` when given. */
export function decodeRecord(
  definition: FeatureGroupDefinition,
  record: ReadonlyArray<{ FeatureName?: string | undefined; ValueAsString?: string | undefined }>,
): Record<string, FeatureValue> {
  const types = new Map(definition.features.map((f) => [f.name, f.type]));
  const features: Record<string, FeatureValue> = {};
  for (const value of record) {
    if (value.FeatureName === undefined || value.ValueAsString === undefined) continue;
    features[value.FeatureName] = decodeValue(types.get(value.FeatureName), value.ValueAsString);
  }
  return features;
}

function encodeValue(name: string, type: FeatureType, value: unknown, problems: Problem[]): string | undefined {
  const path = `features.${name}`;
  switch (type) {
    case "String":
      if (typeof value === "string") return value;
      problems.push({ path, message: `must be a string (String feature), got ${typeof value}` });
      return undefined;
    case "Integral":
      if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
      if (typeof value === "string" && INTEGER.test(value)) return value.replace(/^\+/, "");
      problems.push({
        path,
        message:
          typeof value === "number"
            ? "must be an integer (Integral feature); beyond 2^53 send it as a string of digits"
            : "must be an integer (Integral feature)",
      });
      return undefined;
    case "Fractional":
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      problems.push({ path, message: "must be a finite number (Fractional feature)" });
      return undefined;
  }
}

/** Formats an event time as the group's event-time feature wants it (epoch seconds for Fractional, ISO-8601 for String). */
export function formatEventTime(definition: FeatureGroupDefinition, time: Date): string {
  const type = definition.features.find((f) => f.name === definition.eventTimeFeatureName)?.type;
  return type === "Fractional" || type === "Integral"
    ? String(type === "Integral" ? Math.floor(time.getTime() / 1000) : time.getTime() / 1000)
    : time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Parses an event time given as ISO-8601 with a zone, or epoch seconds. */
export function parseEventTime(value: unknown): Date | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return new Date(value * 1000);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : new Date(parsed);
  }
  return undefined;
}

export interface EncodedRecord {
  readonly record: Array<{ FeatureName: string; ValueAsString: string }>;
  readonly bytes: number;
}

/**
 * Validates a write against the group's definitions and encodes it for PutRecord. Every
 * problem is collected (unknown features, wrong types, an identifier that does not match
 * the path, a bad event time), not only the first.
 *
 * @example
 * encodeRecord(definition, "c-1", { ltv: 12.5 }, undefined, new Date()); // { problems: [], encoded: {...} }
 */
export function encodeRecord(
  definition: FeatureGroupDefinition,
  recordId: string,
  features: Readonly<Record<string, unknown>>,
  eventTime: unknown,
  now: Date,
): { problems: Problem[]; encoded?: EncodedRecord } {
  const problems: Problem[] = [];
  const types = new Map(definition.features.map((f) => [f.name, f.type]));
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(features)) {
    const type = types.get(name);
    if (!type) {
      problems.push({ path: `features.${name}`, message: `is not a feature of ${definition.name}` });
      continue;
    }
    if (value === null) {
      problems.push({ path: `features.${name}`, message: "must not be null (omit the feature instead)" });
      continue;
    }
    const encoded = encodeValue(name, type, value, problems);
    if (encoded !== undefined) values.set(name, encoded);
  }
  const idName = definition.recordIdentifierFeatureName;
  const idType = types.get(idName) ?? "String";
  const givenId = values.get(idName);
  if (givenId !== undefined && givenId !== recordId) {
    problems.push({ path: `features.${idName}`, message: `is "${givenId}" but the path says "${recordId}"` });
  }
  if (idType === "Integral" && !INTEGER.test(recordId))
    problems.push({ path: "recordId", message: `must be an integer: ${idName} is Integral` });
  values.set(idName, recordId);

  const eventTimeName = definition.eventTimeFeatureName;
  if (eventTime !== undefined && features[eventTimeName] !== undefined) {
    problems.push({
      path: "eventTime",
      message: `give the event time once: as eventTime or as features.${eventTimeName}`,
    });
  }
  let time: Date | undefined = now;
  if (eventTime !== undefined) {
    time = parseEventTime(eventTime);
    if (!time)
      problems.push({
        path: "eventTime",
        message: "must be ISO-8601 with a zone (2026-11-20T10:00:00Z) or epoch seconds",
      });
  }
  if (!values.has(eventTimeName) && time) values.set(eventTimeName, formatEventTime(definition, time));

  if (problems.length > 0) return { problems };
  const record = [...values].map(([FeatureName, ValueAsString]) => ({ FeatureName, ValueAsString }));
  const bytes = record.reduce(
    (sum, v) => sum + Buffer.byteLength(v.FeatureName) + Buffer.byteLength(v.ValueAsString),
    0,
  );
  return { problems, encoded: { record, bytes } };
}
