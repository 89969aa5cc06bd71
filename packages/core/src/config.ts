import { z } from "zod";
import { ConfigurationError } from "./errors.js";

const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** Tag on a tuning job that names the endpoint its winner ships to. */
  ENDPOINT_TAG_KEY: z.string().min(1).default("lifecycle:endpoint"),
  /** Execution role for models created from winners, unless a promotion policy names one. */
  MODEL_EXECUTION_ROLE_ARN: z.string().startsWith("arn:").optional(),
  /**
   * Where the default Slack webhook comes from: the URL itself (local mode, tests), or
   * the name of the SSM parameter SST keeps the secret in (AWS). Never logged.
   */
  SLACK_WEBHOOK_URL: z.url().optional(),
  SLACK_WEBHOOK_PARAMETER: z.string().min(1).optional(),
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
