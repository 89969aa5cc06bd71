import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { ConfigurationError } from "./errors.js";

// zod/mini leaves messages to the caller: English, as the classic API does.
z.config(en());

const nonEmpty = () => z.string().check(z.minLength(1));

const ConfigSchema = z.object({
  TABLE_NAME: nonEmpty(),
  AWS_REGION: z._default(nonEmpty(), "us-east-1"),
  /** Tag on a tuning job that names the endpoint its winner ships to. */
  ENDPOINT_TAG_KEY: z._default(nonEmpty(), "lifecycle:endpoint"),
  /** Execution role for models created from winners, unless a promotion policy names one. */
  MODEL_EXECUTION_ROLE_ARN: z.optional(z.string().check(z.startsWith("arn:"))),
  /**
   * Where the default Slack webhook comes from: the URL itself (local mode, tests), or
   * the name of the SSM parameter SST keeps the secret in (AWS). Never logged.
   */
  SLACK_WEBHOOK_URL: z.optional(z.url()),
  SLACK_WEBHOOK_PARAMETER: z.optional(nonEmpty()),
});

export type Config = z.output<typeof ConfigSchema>;

/**
 * Reads the configuration from the environment once and fails fast, naming every
 * missing or malformed variable.
 *
 * @example
 * const config = loadConfig({ TABLE_NAME: "lifecycle" });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigurationError(`Invalid configuration: ${problems.join("; ")}`);
}

let cached: Config | undefined;

/** The process's configuration, read on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Forgets the configuration read so far (a cold start in local mode). */
export function resetConfig(): void {
  cached = undefined;
}
