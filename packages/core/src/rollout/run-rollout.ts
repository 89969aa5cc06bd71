/**
 * The rollout shell: loads the endpoint's rollout, runs the pure machine, saves with a
 * version check, executes the pending AWS command, feeds its outcome back, and finishes a
 * rollout that ended (champion, clean-up, history). Safe to run for duplicate and
 * out-of-order inputs: the machine ignores what does not apply, and a lost race reloads.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Notifier } from "../ports/notifier.js";
import type { RolloutSageMakerPort, RolloutStore, StoredRollout, VariantScalingPort } from "../ports/rollout.js";
import type { WinnerStore } from "../ports/winner-store.js";
import {
  type ChampionVariant,
  canaryConfigName,
  isCommandDue,
  type Rollout,
  type RolloutCommand,
  type RolloutInput,
  TERMINAL,
  transition,
} from "./machine.js";
import { DEFAULT_ROLLOUT_POLICY } from "./policy.js";

export interface RolloutDeps {
  readonly store: RolloutStore;
  readonly winnerStore: Pick<WinnerStore, "putChampion" | "getDecision" | "markShippedModel">;
  readonly sagemaker: RolloutSageMakerPort;
  readonly scaling: VariantScalingPort;
  readonly notifier: Notifier;
  readonly now: Date;
  readonly log?: Pick<Logger, "info" | "warn" | "error">;
  /** Called when the endpoint is in service on a new set of variants (scaling plans re-apply here). */
  readonly onVariantsChanged?: (endpoint: string) => Promise<void>;
}

const MAX_RACES = 5;

/** Feeds one input to the endpoint's active rollout. Returns the rollout after it, or undefined when there is none. */
export async function driveRollout(
  endpoint: string,
  input: RolloutInput,
  deps: RolloutDeps,
): Promise<Rollout | undefined> {
  for (let race = 0; race < MAX_RACES; race++) {
    const stored = await deps.store.getActive(endpoint);
    if (!stored) return undefined;
    const outcome = await step(stored, input, deps);
    if (outcome) return outcome;
  }
  throw new Error(`Rollout of ${endpoint} kept changing under this invocation; it will be retried`);
}

/** Starts a requested rollout: reads the live endpoint and the policy, then runs the `start` transition. */
export async function startRollout(endpoint: string, deps: RolloutDeps): Promise<Rollout | undefined> {
  const stored = await deps.store.getActive(endpoint);
  if (stored?.rollout.status !== "Requested") return stored?.rollout;
  const input = await startInput(stored.rollout, deps);
  return driveRollout(endpoint, input, deps);
}

async function startInput(rollout: Rollout, deps: RolloutDeps): Promise<RolloutInput> {
  const policy = (await deps.store.getRolloutPolicy(rollout.endpoint)) ?? DEFAULT_ROLLOUT_POLICY;
  const live = await deps.sagemaker.describeEndpointView(rollout.endpoint);
  let champion: ChampionVariant | undefined;
  if (live && live.variants.length === 1) {
    const config = await deps.sagemaker.describeEndpointConfig(live.configName);
    const variant = config?.find((v) => v.variantName === live.variants[0]?.variantName);
    if (variant && variant.modelName !== rollout.challenger.modelName) {
      champion = {
        ...variant,
        configName: live.configName,
        instanceCount: live.variants[0]?.currentInstanceCount ?? variant.instanceCount,
      };
    }
  }
  return { kind: "start", policy, champion, endpointStatus: live?.status ?? "Missing" };
}

/** One transition and its consequences. Returns undefined when a concurrent writer won and the caller must reload. */
async function step(stored: StoredRollout, input: RolloutInput, deps: RolloutDeps): Promise<Rollout | undefined> {
  const { rollout, notifications, unchanged } = transition(stored.rollout, input, deps.now);
  let version = stored.version;
  if (!unchanged) {
    if (!(await deps.store.save(rollout, version))) return undefined;
    version += 1;
    await notify(rollout, notifications, deps);
  }
  return execute({ rollout, version }, deps);
}

async function notify(rollout: Rollout, notifications: readonly string[], deps: RolloutDeps): Promise<void> {
  for (const [index, text] of notifications.entries()) {
    try {
      await deps.notifier.notify({
        key: `rollout#${rollout.endpoint}#${rollout.tuningJob}#${rollout.history.length}#${index}`,
        title: `Rollout on ${rollout.endpoint}: ${rollout.status}`,
        text,
        severity: rollout.status === "RollingBack" || rollout.status === "Failed" ? "critical" : "info",
        fields: {
          endpoint: rollout.endpoint,
          challenger: rollout.challenger.modelName,
          weight: `${rollout.challengerWeight}%`,
        },
      });
    } catch (error) {
      // A transition is never undone because Slack is down; the alert pipeline owns retries.
      deps.log?.warn("Could not post a rollout transition", {
        endpoint: rollout.endpoint,
        error: (error as Error).message,
      });
    }
  }
}

/** How long an invocation holds its claim on a call (a crashed one is taken over by the tick after that). */
const CLAIM_SECONDS = 120;

/** Executes the pending command when it is due (claiming it first, so no two invocations run it), then finishes a rollout that ended. */
async function execute(current: StoredRollout, deps: RolloutDeps): Promise<Rollout | undefined> {
  let { rollout, version } = current;
  if (isCommandDue(rollout, deps.now)) {
    const pending = rollout.pending as NonNullable<Rollout["pending"]>;
    const claimed = transition(rollout, { kind: "command-claimed", seconds: CLAIM_SECONDS }, deps.now).rollout;
    if (!(await deps.store.save(claimed, version))) return (await deps.store.getActive(rollout.endpoint))?.rollout;
    version += 1;
    let outcome: RolloutInput;
    let calls: string[] = [];
    try {
      calls = await run(claimed, pending.command, deps);
      outcome = { kind: "command-accepted" };
    } catch (error) {
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      deps.log?.warn("Rollout command deferred", {
        endpoint: rollout.endpoint,
        command: pending.command.kind,
        error: message,
      });
      calls = [`${describe(pending.command)} → ${message}`];
      outcome = { kind: "command-deferred", error: message };
    }
    // Record the outcome on whatever the rollout is now (an endpoint event may have moved it meanwhile).
    for (let race = 0; ; race++) {
      const latest = race === 0 ? { rollout: claimed, version } : await deps.store.getActive(rollout.endpoint);
      if (!latest) return undefined;
      const sameCall = JSON.stringify(latest.rollout.pending?.command) === JSON.stringify(pending.command);
      const next = sameCall
        ? recordCalls(transition(latest.rollout, outcome, deps.now).rollout, calls)
        : latest.rollout;
      if (!sameCall || (await deps.store.save(next, latest.version))) {
        rollout = next;
        version = sameCall ? latest.version + 1 : latest.version;
        break;
      }
      if (race >= MAX_RACES)
        throw new Error(`Could not record the outcome of ${pending.command.kind} on ${rollout.endpoint}`);
    }
  }
  if (TERMINAL.has(rollout.status)) await finish(rollout, version, deps);
  return rollout;
}

function describe(command: RolloutCommand): string {
  return command.kind === "deploy-config"
    ? `UpdateEndpoint(${command.configName}: ${command.variants.map((v) => `${v.variantName}=${v.weight}`).join(", ")})`
    : `UpdateEndpointWeightsAndCapacities(${Object.entries(command.weights)
        .map(([v, w]) => `${v}=${w}`)
        .join(", ")})`;
}

function recordCalls(rollout: Rollout, calls: readonly string[]): Rollout {
  if (calls.length === 0 || rollout.history.length === 0) return rollout;
  const history = [...rollout.history];
  const last = history.at(-1) as Rollout["history"][number];
  history[history.length - 1] = { ...last, calls: [...last.calls, ...calls] };
  return { ...rollout, history };
}

/** Runs one command against AWS; returns the calls made, throws when SageMaker refuses (busy, throttled, …). */
async function run(rollout: Rollout, command: RolloutCommand, deps: RolloutDeps): Promise<string[]> {
  const calls: string[] = [];
  if (command.kind === "update-weights") {
    await deps.sagemaker.updateEndpointWeights(rollout.endpoint, command.weights);
    calls.push(describe(command));
    return calls;
  }
  const created = await deps.sagemaker.createEndpointConfig(command.configName, command.variants, {
    "lifecycle:managed": "true",
  });
  calls.push(`CreateEndpointConfig(${command.configName}) → ${created}`);
  // A variant that leaves the endpoint must be deregistered from Application Auto Scaling first (AWS refuses otherwise).
  const live = await deps.sagemaker.describeEndpointView(rollout.endpoint);
  const staying = new Set(command.variants.map((v) => v.variantName));
  for (const variant of live?.variants ?? []) {
    if (staying.has(variant.variantName)) continue;
    const outcome = await deps.scaling.deregisterVariant(rollout.endpoint, variant.variantName);
    if (outcome === "deregistered") calls.push(`DeregisterScalableTarget(${variant.variantName})`);
  }
  await deps.sagemaker.updateEndpoint(rollout.endpoint, command.configName);
  calls.push(describe(command));
  return calls;
}

/** Records the outcome of an ended rollout, cleans up what is no longer used, and frees the endpoint. */
async function finish(rollout: Rollout, version: number, deps: RolloutDeps): Promise<void> {
  const champion = rollout.champion;
  if (rollout.status === "Completed") {
    const decision = await deps.winnerStore.getDecision(rollout.tuningJob);
    await deps.winnerStore.putChampion(rollout.endpoint, {
      modelName: rollout.challenger.modelName,
      metricName: decision?.objective.metricName ?? "unknown",
      objectiveType: decision?.objective.type ?? "Maximize",
      metricValue: rollout.challenger.metricValue,
      since: deps.now.toISOString(),
    });
    await deps.winnerStore.markShippedModel(rollout.endpoint, rollout.challenger.modelName, "champion");
    const keep = rollout.policy?.keepPreviousModels ?? 1;
    const retired = [
      ...(await deps.store.getRetiredModels(rollout.endpoint)),
      ...(champion ? [champion.modelName] : []),
    ];
    const removed = retired.slice(0, Math.max(0, retired.length - keep));
    for (const model of removed) await ignoreMissing(() => deps.sagemaker.deleteModel(model));
    await deps.store.putRetiredModels(rollout.endpoint, retired.slice(removed.length));
  } else {
    await deps.winnerStore.markShippedModel(rollout.endpoint, rollout.challenger.modelName, "rejected");
  }
  if (rollout.status !== "Failed" && champion) {
    // Neither the champion's old config nor the canary config serves traffic any more.
    for (const config of [champion.configName, canaryConfigName(rollout)]) {
      await ignoreMissing(() => deps.sagemaker.deleteEndpointConfig(config));
    }
  }
  await deps.store.archive(rollout, version);
  if (rollout.status !== "Failed") await deps.onVariantsChanged?.(rollout.endpoint);
  deps.log?.info("Rollout ended", { endpoint: rollout.endpoint, status: rollout.status, reason: rollout.reason });
}

async function ignoreMissing(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!/could not find|not found|does not exist/i.test((error as Error).message)) throw error;
  }
}
