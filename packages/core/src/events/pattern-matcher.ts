/**
 * An EventBridge event-pattern matcher, written to the rules in the EventBridge
 * documentation ("Creating event patterns" and "Content filtering"): exact values,
 * prefix, suffix, equals-ignore-case, anything-but (values, prefix, suffix,
 * equals-ignore-case, wildcard), numeric ranges, exists, wildcard, cidr and `$or`.
 *
 * The local event bus routes events with it, so a rule pattern behaves locally as it
 * does on AWS. No maintained npm library implements these semantics.
 */

/** A JSON value as found in an event. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An event pattern: field names mapped to arrays of match values or to nested patterns. */
export type EventPattern = { [field: string]: unknown };

/** Raised when a pattern is not a valid EventBridge pattern. */
export class InvalidEventPatternError extends Error {
  override readonly name = "InvalidEventPatternError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path || "<root>"}`);
  }
}

const ABSENT = Symbol("absent");
type Field = Json | typeof ABSENT;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Tells whether an event matches an EventBridge event pattern.
 *
 * @example
 * matchesEventPattern({ source: ["aws.sagemaker"] }, { source: "aws.sagemaker" }); // true
 * matchesEventPattern({ detail: { n: [{ numeric: [">", 5] }] } }, { detail: { n: 3 } }); // false
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event as Json, "");
}

function matchObject(pattern: EventPattern, value: Json | undefined, path: string): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const fieldPath = path ? `${path}.${key}` : key;
    if (key === "$or") {
      if (!Array.isArray(rule) || rule.length < 2) {
        throw new InvalidEventPatternError("$or takes an array of at least two patterns", fieldPath);
      }
      const anyMatches = rule.some((alternative, i) => {
        if (!isPlainObject(alternative)) {
          throw new InvalidEventPatternError("$or alternatives must be objects", `${fieldPath}[${i}]`);
        }
        return matchObject(alternative, value, path);
      });
      if (!anyMatches) return false;
      continue;
    }
    const field: Field = isPlainObject(value) && key in value ? ((value as Record<string, Json>)[key] as Json) : ABSENT;
    if (isPlainObject(rule)) {
      // A nested pattern: an absent or non-object field is matched against an empty object,
      // so that only `exists: false` leaves inside it can match.
      const nested = field !== ABSENT && isPlainObject(field) ? field : {};
      if (!matchObject(rule, nested, fieldPath)) return false;
      continue;
    }
    if (!Array.isArray(rule)) {
      throw new InvalidEventPatternError("match values must be in an array", fieldPath);
    }
    if (rule.length === 0) {
      throw new InvalidEventPatternError("an empty array matches nothing", fieldPath);
    }
    if (!rule.some((matcher) => matchValue(matcher, field, fieldPath))) return false;
  }
  return true;
}

/** One match value against a field that may be absent, a scalar or an array of scalars. */
function matchValue(matcher: unknown, field: Field, path: string): boolean {
  if (isPlainObject(matcher) && "exists" in matcher) {
    if (typeof matcher.exists !== "boolean") throw new InvalidEventPatternError("exists takes true or false", path);
    const present = field !== ABSENT && !(Array.isArray(field) && field.length === 0);
    return matcher.exists ? present && !isPlainObject(field) : !present;
  }
  if (field === ABSENT || isPlainObject(field)) return false;
  const values: Json[] = Array.isArray(field) ? field : [field];
  if (isPlainObject(matcher) && "anything-but" in matcher) {
    return values.some((v) => !matchAnythingButOperand(matcher["anything-but"], v, path));
  }
  return values.some((v) => matchScalar(matcher, v, path));
}

function matchAnythingButOperand(operand: unknown, value: Json, path: string): boolean {
  if (Array.isArray(operand)) return operand.some((o) => matchScalar(o, value, path));
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    const allowed = ["prefix", "suffix", "equals-ignore-case", "wildcard"];
    if (keys.length !== 1 || !allowed.includes(keys[0] as string)) {
      throw new InvalidEventPatternError(
        "anything-but takes values, prefix, suffix, equals-ignore-case or wildcard",
        path,
      );
    }
  }
  return matchScalar(operand, value, path);
}

function matchScalar(matcher: unknown, value: Json, path: string): boolean {
  if (matcher === null || typeof matcher === "string" || typeof matcher === "boolean") {
    return matcher === value;
  }
  if (typeof matcher === "number") return typeof value === "number" && value === matcher;
  if (!isPlainObject(matcher)) throw new InvalidEventPatternError("unsupported match value", path);
  const [operator, ...others] = Object.keys(matcher);
  if (operator === undefined || others.length > 0) {
    throw new InvalidEventPatternError("a matcher object has exactly one operator", path);
  }
  const operand = matcher[operator];
  switch (operator) {
    case "prefix":
      return matchAffix(operand, value, path, (v, o) => v.startsWith(o));
    case "suffix":
      return matchAffix(operand, value, path, (v, o) => v.endsWith(o));
    case "equals-ignore-case":
      return typeof operand === "string" && typeof value === "string" && value.toLowerCase() === operand.toLowerCase();
    case "wildcard":
      if (typeof operand !== "string") throw new InvalidEventPatternError("wildcard takes a string", path);
      return typeof value === "string" && wildcardRegExp(operand).test(value);
    case "numeric":
      return matchNumeric(operand, value, path);
    case "cidr":
      if (typeof operand !== "string") throw new InvalidEventPatternError("cidr takes a string", path);
      return typeof value === "string" && matchCidr(operand, value);
    default:
      throw new InvalidEventPatternError(`unknown operator "${operator}"`, path);
  }
}

function matchAffix(operand: unknown, value: Json, path: string, test: (v: string, o: string) => boolean): boolean {
  if (typeof value !== "string") return false;
  if (typeof operand === "string") return test(value, operand);
  if (isPlainObject(operand) && typeof operand["equals-ignore-case"] === "string") {
    return test(value.toLowerCase(), operand["equals-ignore-case"].toLowerCase());
  }
  throw new InvalidEventPatternError("prefix and suffix take a string or {equals-ignore-case}", path);
}

function wildcardRegExp(expression: string): RegExp {
  const escaped = expression
    .split(/(?<!\\)\*/)
    .map((part) => part.replace(/\\\*/g, "*").replace(/[.+?^${}()|[\]\\*]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`, "s");
}

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  "=": (a, b) => a === b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
};

function matchNumeric(operand: unknown, value: Json, path: string): boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw new InvalidEventPatternError("numeric takes one or two [operator, number] pairs", path);
  }
  if (typeof value !== "number") return false;
  for (let i = 0; i < operand.length; i += 2) {
    const compare = NUMERIC_OPERATORS[String(operand[i])];
    const bound = operand[i + 1];
    if (!compare || typeof bound !== "number") {
      throw new InvalidEventPatternError("numeric takes operators =, <, <=, >, >= followed by numbers", path);
    }
    if (!compare(value, bound)) return false;
  }
  return true;
}

function ipv4ToInt(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    result = result * 256 + octet;
  }
  return result;
}

function matchCidr(block: string, value: string): boolean {
  const [base, bitsText] = block.split("/");
  const bits = Number(bitsText);
  const network = ipv4ToInt(base ?? "");
  const address = ipv4ToInt(value);
  if (network === undefined || address === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(network / size) === Math.floor(address / size);
}
