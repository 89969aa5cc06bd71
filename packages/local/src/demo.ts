/**
 * `npm run demo`: local mode with examples/scenarios/full-lifecycle.json, narrated.
 * Run 1: the tuning job finishes → winner → model → 20% → 50% → 100% → champion.
 * Run 2: a second endpoint whose challenger trips its 5xx alarm at 50% and rolls back.
 * The clock runs fast (one virtual minute in under half a real second), so it ends in under a minute.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DescribeEndpointCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { type LocalRuntime, startLocal } from "./runtime.js";
import { ScenarioSchema } from "./simulator/scenario.js";
import { simulatorPlugin } from "./simulator-plugin.js";

// The narration is the output: handler logs below ERROR would drown it.
process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
const TIME_SCALE = Number(process.env.DEMO_TIME_SCALE ?? 150);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const started = Date.now();

function say(runtime: LocalRuntime, text: string): void {
  const virtual = new Date(runtime.clock.now()).toISOString().slice(11, 19);
  const real = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[${real}s | ${virtual}] ${text}`);
}

async function call(
  runtime: LocalRuntime,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${runtime.apiToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Narrates one endpoint's lifecycle until its rollout ends; `onStatus` may act on a state. */
async function follow(
  runtime: LocalRuntime,
  sagemaker: SageMakerClient,
  endpoint: string,
  tuningJob: string,
  onState?: (state: { status: string; weight: number }) => Promise<void>,
): Promise<string> {
  let lastLine = "";
  let decided = false;
  const deadline = Date.now() + 50_000;
  while (Date.now() < deadline) {
    if (!decided) {
      const decision = await call(runtime, "GET", `/tuning-jobs/${tuningJob}`);
      if (decision.outcome) {
        decided = true;
        const winner = decision.winner as { trainingJob: string; metricValue: number } | undefined;
        say(
          runtime,
          `tuning job ${tuningJob} finished → winner ${winner?.trainingJob} (${(decision.objective as { metricName: string }).metricName} ${winner?.metricValue})`,
        );
        say(
          runtime,
          `decision: ${decision.outcome}; model ${decision.modelName} created; ${(decision.reasons as string[]).at(-1)}`,
        );
      }
    }
    const rollout = await call(runtime, "GET", `/rollouts/${endpoint}`);
    if (typeof rollout.status === "string") {
      const step = rollout.step as { challengerWeight: number } | null;
      const weight = step?.challengerWeight ?? 0;
      const described = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
      const weights = (described.ProductionVariants ?? []).map((v) => `${v.VariantName}=${v.CurrentWeight}`).join(" ");
      const line = `rollout ${rollout.status}${rollout.paused ? " (paused)" : ""} · step ${weight}% · endpoint ${described.EndpointStatus} [${weights}]`;
      if (line !== lastLine) {
        say(runtime, line);
        lastLine = line;
      }
      await onState?.({ status: rollout.status, weight });
      if (["Completed", "RolledBack", "Failed"].includes(rollout.status)) {
        if (rollout.reason) say(runtime, `reason: ${rollout.reason}`);
        return rollout.status;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the ${endpoint} lifecycle did not end in time`);
}

async function main(): Promise<void> {
  const scenario = ScenarioSchema.parse(
    JSON.parse(await readFile(resolve(root, "examples/scenarios/full-lifecycle.json"), "utf8")),
  );
  const runtime = await startLocal({
    edgePort: 0,
    apiPort: 0,
    timeScale: TIME_SCALE,
    plugins: [simulatorPlugin()],
    log: () => {},
  });
  const config = {
    endpoint: runtime.edgeUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const sagemaker = new SageMakerClient(config);
  const events = new EventBridgeClient(config);
  try {
    say(runtime, `local mode up (api ${runtime.apiUrl}, edge ${runtime.edgeUrl}), clock ×${TIME_SCALE}`);
    // Run 1: the whole lifecycle
    await call(runtime, "PUT", "/endpoints/churn-prod/rollout-policy", { steps: [20, 50, 100], bakeSeconds: 600 });
    await fetch(`${runtime.edgeUrl}/_sim/scenario`, { method: "POST", body: JSON.stringify(scenario) });
    say(
      runtime,
      "run 1: scenario loaded; tuning job churn-hpo-2026-11-20 runs for 10 minutes; churn-v1 is live on churn-prod",
    );
    const first = await follow(runtime, sagemaker, "churn-prod", "churn-hpo-2026-11-20");
    const champion = (await call(runtime, "GET", "/endpoints/churn-prod/models")).champion as { modelName: string };
    say(runtime, `run 1 ended ${first}: champion of churn-prod is now ${champion.modelName}`);

    // Run 2: an alarm at 50% rolls the challenger back
    await call(runtime, "PUT", "/endpoints/churn-canary/rollout-policy", {
      steps: [20, 50, 100],
      bakeSeconds: 600,
      alarms: ["churn-canary-challenger-5xx"],
    });
    await fetch(`${runtime.edgeUrl}/_sim/scenario`, {
      method: "POST",
      body: JSON.stringify({
        models: [{ name: "churn-canary-v1" }],
        endpoints: [
          { name: "churn-canary", variants: [{ name: "churn-canary-v1", model: "churn-canary-v1", instanceCount: 2 }] },
        ],
        tuningJobs: [
          {
            name: "churn-canary-hpo",
            objective: { type: "Maximize", metric: "validation:auc" },
            tags: { "lifecycle:endpoint": "churn-canary" },
            trainingJobs: [{ name: "churn-canary-hpo-001-0badc0de", objective: 0.9 }],
          },
        ],
      }),
    });
    say(runtime, "run 2: churn-canary, gated on alarm churn-canary-challenger-5xx");
    let fired = false;
    const second = await follow(runtime, sagemaker, "churn-canary", "churn-canary-hpo", async ({ status, weight }) => {
      if (fired || status !== "Baking" || weight !== 50) return;
      fired = true;
      say(runtime, "CloudWatch: churn-canary-challenger-5xx goes OK → ALARM");
      await events.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: "aws.cloudwatch",
              DetailType: "CloudWatch Alarm State Change",
              Detail: JSON.stringify({
                alarmName: "churn-canary-challenger-5xx",
                state: { value: "ALARM" },
                previousState: { value: "OK" },
              }),
            },
          ],
        }),
      );
    });
    say(runtime, `run 2 ended ${second}`);
    say(runtime, `Slack sink holds ${runtime.slack.messages.length} messages (GET /_local/slack/messages)`);
    if (first !== "Completed" || second !== "RolledBack") process.exitCode = 1;
  } finally {
    sagemaker.destroy();
    events.destroy();
    await runtime.stop();
  }
}

main().catch((error: unknown) => {
  console.error("demo failed:", error);
  process.exit(1);
});
