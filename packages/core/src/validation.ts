import type * as core from "zod/v4/core";
import { safeParse } from "zod/v4/core";
import { ValidationError } from "./errors.js";

/** One problem found in an input, in a form a client can act on. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Turns zod issues into `{path, message}` problems (path in dotted form, `<root>` when empty). */
export function toProblems(issues: readonly core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? "<root>" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/**
 * Parses `value` with `schema` (classic zod or `zod/mini`), or throws a {@link ValidationError}
 * that lists every problem found (not only the first) and keeps the zod error as `cause`.
 *
 * @example
 * const body = parseOrThrow(PolicySchema, JSON.parse(raw), "request body");
 */
export function parseOrThrow<S extends core.$ZodType>(schema: S, value: unknown, what: string): core.output<S> {
  const result = safeParse(schema, value);
  if (result.success) return result.data as core.output<S>;
  const problems = toProblems(result.error.issues);
  throw new ValidationError(`Invalid ${what}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, {
    cause: result.error,
    details: problems,
  });
}
