import type { z } from "zod";
import { ValidationError } from "./errors.js";

/** One problem found in an input, in a form a client can act on. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Turns zod issues into `{path, message}` problems (path in dotted form, `<root>` when empty). */
export function toProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? "<root>" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/**
 * Parses `value` with `schema`, or throws a {@link ValidationError} that lists every
 * problem found (not only the first) and keeps the zod error as `cause`.
 *
 * @example
 * const body = parseOrThrow(PolicySchema, JSON.parse(raw), "request body");
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = toProblems(result.error.issues);
  throw new ValidationError(`Invalid ${what}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, {
    cause: result.error,
    details: problems,
  });
}
