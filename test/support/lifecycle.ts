import { DescribeEndpointCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { LocalRuntime } from "@sagemaker-lifecycle/local/runtime";
import { api } from "./local.js";
import { advance, loadScenario } from "./scenario.js";

/** The transitions of a rollout ramped 20 → 50 → 100 % and promoted. */
export const RAMP_HISTORY = [
  "Deploying",
  "Baking",
  "Shifting",
  "Baking",
  "Shifting",
  "Baking",
  "Promoting",
  "Completed",
];

export interface RolloutBody {
  status: string;
  paused: boolean;
  reason: string | null;
  weights: Record<string, number>;
  step: { index: number; challengerWeight: number } | null;
  history: Array<{ at: string; from: string; to: string; cause: string; calls: string[] }>;
  nextAction: { action: string; at: string | null } | null;
}

/** Seeds an endpoint with a live champion and a tuning job whose winner targets it. */
export async function seedLifecycle(
  runtime: LocalRuntime,
  endpoint: string,
  options: { tuningSeconds?: number; objective?: number } = {},
) {
  const champion = `${endpoint}-v1`;
  const tuningJob = `${endpoint}-hpo`.slice(0, 32);
  const winner = `${tuningJob}-001-aaaaaaaa`;
  await loadScenario(runtime, {
    models: [{ name: champion }],
    endpoints: [
      {
        name: endpoint,
        configName: `${endpoint}-config-v1`,
        variants: [{ name: champion, model: champion, instanceCount: 2 }],
      },
    ],
    tuningJobs: [
      {
        name: tuningJob,
        objective: { type: "Maximize", metric: "validation:auc" },
        tags: { "lifecycle:endpoint": endpoint },
        durationSeconds: options.tuningSeconds ?? 600,
        trainingJobs: [{ name: winner, objective: options.objective ?? 0.9 }],
      },
    ],
  });
  return { champion, tuningJob, winner };
}

/** Variant name → current weight on the simulated endpoint, as DescribeEndpoint reports it. */
export async function liveWeights(sagemaker: SageMakerClient, endpoint: string) {
  const described = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
  return {
    status: described.EndpointStatus,
    config: described.EndpointConfigName,
    weights: Object.fromEntries((described.ProductionVariants ?? []).map((v) => [v.VariantName, v.CurrentWeight])),
  };
}

export async function rolloutOf(runtime: LocalRuntime, endpoint: string): Promise<RolloutBody> {
  const response = await api(runtime, "GET", `/rollouts/${endpoint}`);
  if (response.status !== 200) throw new Error(`GET /rollouts/${endpoint} answered ${response.status}`);
  return response.body as RolloutBody;
}

/** Advances in small steps until the rollout reaches `status` (or fails the test after `maxSeconds`). */
export async function advanceUntil(
  runtime: LocalRuntime,
  endpoint: string,
  status: string | ((r: RolloutBody) => boolean),
  maxSeconds = 7200,
): Promise<RolloutBody> {
  const done = typeof status === "string" ? (r: RolloutBody) => r.status === status : status;
  for (let elapsed = 0; elapsed <= maxSeconds; elapsed += 30) {
    const rollout = await rolloutOf(runtime, endpoint).catch(() => undefined);
    if (rollout && done(rollout)) return rollout;
    await advance(runtime, 30);
  }
  const last = await rolloutOf(runtime, endpoint).catch(() => undefined);
  throw new Error(
    `Rollout of ${endpoint} did not reach the expected state in ${maxSeconds}s: ${JSON.stringify(last?.status)} ${last?.reason ?? ""}`,
  );
}
