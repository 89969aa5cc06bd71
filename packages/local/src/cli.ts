/**
 * `npm start`: local mode with embedded defaults.
 *
 *   npm start -- [--data-dir DIR] [--time-scale N] [--scenario FILE]
 *
 * Environment: LOCAL_AWS_PORT (edge, 4566), PORT (REST API, 3000), LOCAL_API_TOKEN
 * (generated and printed when unset).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { startLocal } from "./runtime.js";

const port = z.coerce.number().int().min(0).max(65535);
const SettingsSchema = z.object({
  LOCAL_AWS_PORT: port.default(4566),
  PORT: port.default(3000),
  LOCAL_API_TOKEN: z.string().min(16, "LOCAL_API_TOKEN must be at least 16 characters").optional(),
  timeScale: z.coerce.number().min(0, "--time-scale must be 0 or more").default(1),
  dataDir: z.string().min(1).optional(),
  scenario: z.string().min(1).optional(),
});

function fail(message: string): never {
  console.error(`sagemaker-lifecycle local: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({
      options: { "data-dir": { type: "string" }, "time-scale": { type: "string" }, scenario: { type: "string" } },
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    fail((error as Error).message);
  }
  const parsed = SettingsSchema.safeParse({
    ...process.env,
    timeScale: flags["time-scale"],
    dataDir: flags["data-dir"],
    scenario: flags.scenario,
  });
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `${i.path.join(".") || "setting"}: ${i.message}`).join("; "));
  }
  const settings = parsed.data;
  const { simulatorPlugin, loadScenarioFile } = await import("./simulator-plugin.js");
  const scenario = settings.scenario
    ? await loadScenarioFile(settings.scenario).catch((e: Error) => fail(e.message))
    : undefined;
  const runtime = await startLocal({
    edgePort: settings.LOCAL_AWS_PORT,
    apiPort: settings.PORT,
    ...(settings.LOCAL_API_TOKEN ? { apiToken: settings.LOCAL_API_TOKEN } : {}),
    ...(settings.dataDir ? { dataDir: settings.dataDir } : {}),
    timeScale: settings.timeScale,
    plugins: [simulatorPlugin(scenario)],
    log: (line) => console.log(line),
  }).catch((error: Error & { code?: string }) =>
    fail(
      error.code === "EADDRINUSE"
        ? `a port is already in use (${error.message}); set LOCAL_AWS_PORT or PORT`
        : error.message,
    ),
  );
  if (runtime.tokenGenerated)
    console.log(`LOCAL_API_TOKEN=${runtime.apiToken} (generated; set LOCAL_API_TOKEN to choose one)`);
  console.log(
    `ready api=${runtime.apiUrl} edge=${runtime.edgeUrl} slack=${runtime.edgeUrl}/_local/slack/messages time-scale=${settings.timeScale}${settings.dataDir ? ` data-dir=${settings.dataDir}` : ""}`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("shutdown failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

void main();
