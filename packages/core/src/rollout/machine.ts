/**
 * The rollout controller as a pure state machine: given a rollout, an input (an endpoint
 * state change, the tick, an alarm, an operator action, the outcome of a command) and the
 * time, it returns the next rollout and what to tell people. The one AWS command the
 * rollout waits on is kept in `pending` and executed by the shell (`run-rollout.ts`);
 * a busy or throttled call is deferred with backoff, never dropped.
 */
import { deterministicName } from "../winner/selection.js";
import type { RolloutPolicy } from "./policy.js";
import { bakeSecondsFor, needsApproval } from "./policy-rules.js";

export type RolloutStatus =
  | "Requested"
  | "Deploying"
  | "Baking"
  | "AwaitingApproval"
  | "Shifting"
  | "Promoting"
  | "RollingBack"
  | "Completed"
  | "RolledBack"
  | "Failed";

export const TERMINAL: ReadonlySet<RolloutStatus> = new Set(["Completed", "RolledBack", "Failed"]);

export interface VariantPlan {
  readonly variantName: string;
  readonly modelName: string;
  readonly weight: number;
  readonly instanceType: string;
  readonly instanceCount: number;
}

/** An AWS change the rollout waits on. */
export type RolloutCommand =
  | { readonly kind: "deploy-config"; readonly configName: string; readonly variants: readonly VariantPlan[] }
  | { readonly kind: "update-weights"; readonly weights: Readonly<Record<string, number>> };

export interface PendingCommand {
  readonly command: RolloutCommand;
  readonly attempts: number;
  readonly notBefore: string;
  readonly lastError?: string | undefined;
  /** Set once the call was accepted; endpoint events older than this are stale. */
  readonly acceptedAt?: string | undefined;
  /** One invocation has claimed the call until then: no other runs it meanwhile. */
  readonly claimedUntil?: string | undefined;
}

export interface HistoryEntry {
  readonly at: string;
  readonly from: RolloutStatus;
  readonly to: RolloutStatus;
  readonly cause: string;
  readonly calls: string[];
}

export interface ChampionVariant {
  readonly variantName: string;
  readonly modelName: string;
  readonly configName: string;
  readonly instanceType: string;
  readonly instanceCount: number;
}

export interface Rollout {
  readonly endpoint: string;
  readonly tuningJob: string;
  readonly challenger: { readonly modelName: string; readonly variantName: string; readonly metricValue: number };
  readonly champion?: ChampionVariant | undefined;
  readonly policy?: RolloutPolicy | undefined;
  readonly status: RolloutStatus;
  /** Index into policy.steps of the step that is live (or being deployed). */
  readonly stepIndex: number;
  /** Challenger weight in percent now live on the endpoint. */
  readonly challengerWeight: number;
  readonly paused: boolean;
  readonly approvedSteps: readonly number[];
  readonly expectedConfig?: string | undefined;
  readonly waitingSince?: string | undefined;
  readonly bakeStartedAt?: string | undefined;
  readonly pending?: PendingCommand | undefined;
  /** While rolling back: whether traffic is already back on the champion. */
  readonly rollbackPhase?: "weights" | "config" | undefined;
  readonly reason?: string | undefined;
  readonly requestedAt: string;
  readonly startedAt?: string | undefined;
  readonly endedAt?: string | undefined;
  readonly history: readonly HistoryEntry[];
}

export type RolloutInput =
  | {
      readonly kind: "start";
      readonly policy: RolloutPolicy;
      readonly champion: ChampionVariant | undefined;
      readonly endpointStatus: string;
    }
  | {
      readonly kind: "endpoint-state";
      readonly status: string;
      readonly configName?: string | undefined;
      readonly failureReason?: string | undefined;
      readonly eventTime: string;
    }
  | { readonly kind: "tick" }
  | { readonly kind: "alarm"; readonly alarmName: string }
  | { readonly kind: "critical-drift"; readonly summary: string }
  | { readonly kind: "operator"; readonly action: "pause" | "resume" | "promote" | "abort" }
  | { readonly kind: "command-claimed"; readonly seconds: number }
  | { readonly kind: "command-accepted" }
  | { readonly kind: "command-deferred"; readonly error: string };

export interface TransitionResult {
  readonly rollout: Rollout;
  /** One line per transition, for Slack. */
  readonly notifications: readonly string[];
  /** True when the input changed nothing (a duplicate, a stale event, an idle tick). */
  readonly unchanged: boolean;
}

/** After this long without the endpoint event that confirms an accepted call, the tick asks SageMaker itself. */
export const RECONCILE_AFTER_SECONDS = 300;

/** Whether the rollout waits on an accepted call long enough to look at the endpoint directly (a lost or late event). */
export function needsReconcile(rollout: Rollout, now: Date): boolean {
  const accepted = rollout.pending?.acceptedAt;
  return accepted !== undefined && now.getTime() >= ms(accepted) + RECONCILE_AFTER_SECONDS * 1000;
}

/** Whether the pending call is due and nobody holds a claim on it. */
export function isCommandDue(rollout: Rollout, now: Date): boolean {
  const pending = rollout.pending;
  if (!pending || pending.acceptedAt) return false;
  if (ms(pending.notBefore) > now.getTime()) return false;
  return pending.claimedUntil === undefined || ms(pending.claimedUntil) <= now.getTime();
}

/** Backoff for a deferred command: 15 s doubling to at most 5 minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(15 * 2 ** Math.max(0, attempts - 1), 300);
}

export function canaryConfigName(rollout: Pick<Rollout, "endpoint" | "challenger">): string {
  return deterministicName(`${rollout.endpoint}-${rollout.challenger.modelName}`, "-canary");
}
export function finalConfigName(rollout: Pick<Rollout, "endpoint" | "challenger">): string {
  return deterministicName(`${rollout.endpoint}-${rollout.challenger.modelName}`, "-final");
}
export function rollbackConfigName(rollout: Pick<Rollout, "endpoint" | "challenger">): string {
  return deterministicName(`${rollout.endpoint}-${rollout.challenger.modelName}`, "-rollback");
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (text: string | undefined) => (text === undefined ? Number.NaN : Date.parse(text));

/** A new rollout as winner selection requests it. */
export function requestedRollout(input: {
  endpoint: string;
  tuningJob: string;
  modelName: string;
  variantName: string;
  metricValue: number;
  requestedAt: string;
}): Rollout {
  return {
    endpoint: input.endpoint,
    tuningJob: input.tuningJob,
    challenger: { modelName: input.modelName, variantName: input.variantName, metricValue: input.metricValue },
    status: "Requested",
    stepIndex: -1,
    challengerWeight: 0,
    paused: false,
    approvedSteps: [],
    requestedAt: input.requestedAt,
    history: [],
  };
}

/** When the rollout next needs the tick (bake end, retry, deadline), or undefined. */
export function nextDueAt(rollout: Rollout): string | undefined {
  if (TERMINAL.has(rollout.status)) return undefined;
  const times: number[] = [];
  if (rollout.status === "Requested") times.push(ms(rollout.requestedAt));
  if (rollout.pending && !rollout.pending.acceptedAt) {
    times.push(Math.max(ms(rollout.pending.notBefore), ms(rollout.pending.claimedUntil ?? rollout.pending.notBefore)));
  }
  if (rollout.pending?.acceptedAt) times.push(ms(rollout.pending.acceptedAt) + RECONCILE_AFTER_SECONDS * 1000);
  if (rollout.waitingSince && rollout.policy)
    times.push(ms(rollout.waitingSince) + rollout.policy.progressDeadlineSeconds * 1000);
  if (rollout.status === "Baking" && !rollout.paused && rollout.bakeStartedAt && rollout.policy) {
    times.push(ms(rollout.bakeStartedAt) + bakeSecondsFor(rollout.policy, rollout.stepIndex) * 1000);
  }
  const finite = times.filter(Number.isFinite);
  return finite.length === 0 ? undefined : iso(Math.min(...finite));
}

/**
 * Advances a rollout by one input.
 *
 * @example
 * const { rollout } = transition(requested, { kind: "start", policy, champion, endpointStatus: "InService" }, new Date());
 * rollout.status; // "Deploying", with a pending deploy-config of the canary config
 */
export function transition(rollout: Rollout, input: RolloutInput, now: Date): TransitionResult {
  const t = new Transitioner(rollout, now);
  t.apply(input);
  return t.result();
}

class Transitioner {
  #r: Rollout;
  readonly #notes: string[] = [];
  #changed = false;
  readonly #now: Date;

  constructor(rollout: Rollout, now: Date) {
    this.#r = rollout;
    this.#now = now;
  }

  result(): TransitionResult {
    return { rollout: this.#r, notifications: this.#notes, unchanged: !this.#changed };
  }

  get #at(): string {
    return this.#now.toISOString();
  }

  #set(changes: Partial<Rollout>): void {
    this.#r = { ...this.#r, ...changes };
    this.#changed = true;
  }

  #move(to: RolloutStatus, cause: string, changes: Partial<Rollout> = {}): void {
    const from = this.#r.status;
    const entry: HistoryEntry = { at: this.#at, from, to, cause, calls: [] };
    this.#set({ ...changes, status: to, history: [...this.#r.history, entry] });
    this.#notes.push(`${this.#r.endpoint}: ${from} → ${to}: ${cause}`);
  }

  #command(command: RolloutCommand): Partial<Rollout> {
    return { pending: { command, attempts: 0, notBefore: this.#at } };
  }

  get #policy(): RolloutPolicy {
    return this.#r.policy as RolloutPolicy;
  }

  #weights(challengerWeight: number): Record<string, number> {
    const champion = this.#r.champion as ChampionVariant;
    return { [champion.variantName]: 100 - challengerWeight, [this.#r.challenger.variantName]: challengerWeight };
  }

  apply(input: RolloutInput): void {
    const status = this.#r.status;
    if (TERMINAL.has(status)) return;
    switch (input.kind) {
      case "start":
        this.#start(input);
        return;
      case "command-claimed":
        if (this.#r.pending && !this.#r.pending.acceptedAt) {
          this.#set({ pending: { ...this.#r.pending, claimedUntil: iso(this.#now.getTime() + input.seconds * 1000) } });
        }
        return;
      case "command-accepted":
        if (this.#r.pending && !this.#r.pending.acceptedAt) {
          this.#set({ pending: { ...this.#r.pending, acceptedAt: this.#at, claimedUntil: undefined } });
        }
        return;
      case "command-deferred":
        if (this.#r.pending && !this.#r.pending.acceptedAt) {
          const attempts = this.#r.pending.attempts + 1;
          this.#set({
            pending: {
              ...this.#r.pending,
              attempts,
              claimedUntil: undefined,
              lastError: input.error,
              notBefore: iso(this.#now.getTime() + backoffSeconds(attempts) * 1000),
            },
          });
        }
        return;
      case "endpoint-state":
        this.#endpointState(input);
        return;
      case "tick":
        this.#tick();
        return;
      case "alarm":
        if (status !== "Requested" && this.#policy.alarms.includes(input.alarmName))
          this.#rollBack(`alarm ${input.alarmName} is in ALARM`);
        return;
      case "critical-drift":
        if (status !== "Requested") this.#rollBack(`critical drift alert: ${input.summary}`);
        return;
      case "operator":
        this.#operator(input.action);
        return;
    }
  }

  #start(input: Extract<RolloutInput, { kind: "start" }>): void {
    if (this.#r.status !== "Requested") return;
    const champion = input.champion;
    if (!champion) {
      this.#move("Failed", "the endpoint has no single live champion variant to ramp from", {
        endedAt: this.#at,
        reason: "no champion variant",
      });
      return;
    }
    if (input.endpointStatus !== "InService") {
      // Not now: the tick retries the start once the endpoint is in service.
      this.#set({ requestedAt: iso(this.#now.getTime() + 60_000) });
      return;
    }
    const policy = input.policy;
    const first = policy.steps[0] as number;
    const base = { ...this.#r, champion, policy };
    const configName = canaryConfigName(base);
    const variants: VariantPlan[] = [
      {
        variantName: champion.variantName,
        modelName: champion.modelName,
        weight: 100 - first,
        instanceType: champion.instanceType,
        instanceCount: champion.instanceCount,
      },
      {
        variantName: this.#r.challenger.variantName,
        modelName: this.#r.challenger.modelName,
        weight: first,
        instanceType: champion.instanceType,
        instanceCount: policy.challengerInstanceCount ?? 1,
      },
    ];
    this.#move("Deploying", `start: challenger ${this.#r.challenger.modelName} at ${first}%`, {
      champion,
      policy,
      stepIndex: 0,
      startedAt: this.#at,
      expectedConfig: configName,
      waitingSince: this.#at,
      ...this.#command({ kind: "deploy-config", configName, variants }),
    });
  }

  #endpointState(input: Extract<RolloutInput, { kind: "endpoint-state" }>): void {
    const r = this.#r;
    if (r.status === "Requested") return;
    const status = input.status;
    // An event from before our last call was accepted says nothing about it.
    if (!r.pending?.acceptedAt || ms(input.eventTime) < ms(r.pending.acceptedAt)) {
      if (
        status === "InService" &&
        r.pending &&
        !r.pending.acceptedAt &&
        ms(r.pending.notBefore) > this.#now.getTime()
      ) {
        // The endpoint is free again: retry the deferred call now rather than after the backoff.
        this.#set({ pending: { ...r.pending, notBefore: this.#at } });
      }
      return;
    }
    if (status === "Failed") {
      this.#move("Failed", `endpoint failed${input.failureReason ? `: ${input.failureReason}` : ""}`, {
        pending: undefined,
        waitingSince: undefined,
        endedAt: this.#at,
        reason: input.failureReason ?? "endpoint failed",
      });
      return;
    }
    if (status !== "InService") return;
    const command = r.pending.command;
    if (command.kind === "deploy-config" && input.configName !== command.configName) {
      const reason = `SageMaker rolled the update back: the endpoint is in service on ${input.configName ?? "another config"}, not ${command.configName}${input.failureReason ? ` (${input.failureReason})` : ""}`;
      this.#move("Failed", reason, { pending: undefined, waitingSince: undefined, endedAt: this.#at, reason });
      return;
    }
    const live = { pending: undefined, waitingSince: undefined };
    switch (r.status) {
      case "Deploying":
      case "Shifting": {
        const weight = this.#policy.steps[r.stepIndex] as number;
        this.#move("Baking", `challenger at ${weight}% is live`, {
          ...live,
          challengerWeight: weight,
          bakeStartedAt: this.#at,
        });
        return;
      }
      case "Promoting":
        this.#move("Completed", `challenger ${r.challenger.modelName} is the only variant: it is the champion`, {
          ...live,
          challengerWeight: 100,
          endedAt: this.#at,
        });
        return;
      case "RollingBack":
        if (r.rollbackPhase === "weights") {
          this.#startRollbackConfig("traffic is back on the champion");
          return;
        }
        this.#move("RolledBack", `the champion ${r.champion?.modelName} is the only variant again`, {
          ...live,
          challengerWeight: 0,
          endedAt: this.#at,
        });
        return;
      default:
        this.#set(live);
    }
  }

  #tick(): void {
    const r = this.#r;
    const now = this.#now.getTime();
    if (
      r.waitingSince &&
      r.policy &&
      now >= ms(r.waitingSince) + r.policy.progressDeadlineSeconds * 1000 &&
      r.status !== "RollingBack"
    ) {
      this.#rollBack(`progress deadline of ${r.policy.progressDeadlineSeconds}s missed while ${r.status}`);
      return;
    }
    if (r.status !== "Baking" || r.paused || !r.bakeStartedAt) return;
    if (now < ms(r.bakeStartedAt) + bakeSecondsFor(this.#policy, r.stepIndex) * 1000) return;
    this.#advance("bake time passed");
  }

  /** Moves to the next step (or promotes at 100), asking for approval where the policy wants it. */
  #advance(cause: string): void {
    const r = this.#r;
    if (r.challengerWeight >= 100) {
      const champion = r.champion as ChampionVariant;
      const configName = finalConfigName(r);
      this.#move("Promoting", `${cause}: promoting ${r.challenger.modelName} to sole variant`, {
        expectedConfig: configName,
        waitingSince: this.#at,
        bakeStartedAt: undefined,
        ...this.#command({
          kind: "deploy-config",
          configName,
          variants: [
            {
              variantName: r.challenger.variantName,
              modelName: r.challenger.modelName,
              weight: 1,
              instanceType: champion.instanceType,
              instanceCount: champion.instanceCount,
            },
          ],
        }),
      });
      return;
    }
    const next = r.stepIndex + 1;
    if (needsApproval(this.#policy, next) && !r.approvedSteps.includes(next)) {
      if (r.status !== "AwaitingApproval") {
        this.#move(
          "AwaitingApproval",
          `${cause}: step ${this.#policy.steps[next]}% needs an approval (POST /rollouts/${r.endpoint}/promote)`,
        );
      }
      return;
    }
    const weight = this.#policy.steps[next] as number;
    this.#move("Shifting", `${cause}: challenger to ${weight}%`, {
      stepIndex: next,
      waitingSince: this.#at,
      bakeStartedAt: undefined,
      ...this.#command({ kind: "update-weights", weights: this.#weights(weight) }),
    });
  }

  #operator(action: "pause" | "resume" | "promote" | "abort"): void {
    const r = this.#r;
    switch (action) {
      case "pause":
        if (!r.paused) {
          this.#set({
            paused: true,
            history: [
              ...r.history,
              { at: this.#at, from: r.status, to: r.status, cause: "paused by an operator", calls: [] },
            ],
          });
          this.#notes.push(`${r.endpoint}: rollout paused by an operator`);
        }
        return;
      case "resume":
        if (r.paused) {
          // A bake that was paused starts over, so the new step is watched for its full bake time.
          this.#set({
            paused: false,
            ...(r.status === "Baking" ? { bakeStartedAt: this.#at } : {}),
            history: [
              ...r.history,
              { at: this.#at, from: r.status, to: r.status, cause: "resumed by an operator", calls: [] },
            ],
          });
          this.#notes.push(`${r.endpoint}: rollout resumed by an operator`);
        }
        return;
      case "promote":
        if (r.status === "AwaitingApproval" || r.status === "Baking") {
          this.#set({ approvedSteps: [...r.approvedSteps, r.stepIndex + 1], paused: false });
          this.#advance(r.status === "Baking" ? "promoted by an operator (bake skipped)" : "approved by an operator");
        }
        return;
      case "abort":
        if (r.status === "Requested") {
          this.#move("RolledBack", "aborted by an operator before it started", {
            endedAt: this.#at,
            reason: "aborted by an operator",
          });
          return;
        }
        this.#rollBack("aborted by an operator");
    }
  }

  #rollBack(cause: string): void {
    const r = this.#r;
    if (r.status === "RollingBack") return;
    if (r.status === "Promoting" || !r.champion) {
      this.#move("RollingBack", cause, { reason: cause });
      this.#startRollbackConfig(cause, true);
      return;
    }
    this.#move("RollingBack", `${cause}: traffic back to the champion`, {
      reason: cause,
      rollbackPhase: "weights",
      bakeStartedAt: undefined,
      waitingSince: undefined,
      ...this.#command({ kind: "update-weights", weights: this.#weights(0) }),
    });
  }

  #startRollbackConfig(cause: string, silent = false): void {
    const r = this.#r;
    const champion = r.champion as ChampionVariant;
    const configName = rollbackConfigName(r);
    const changes: Partial<Rollout> = {
      rollbackPhase: "config",
      challengerWeight: 0,
      expectedConfig: configName,
      waitingSince: undefined,
      ...this.#command({
        kind: "deploy-config",
        configName,
        variants: [
          {
            variantName: champion.variantName,
            modelName: champion.modelName,
            weight: 1,
            instanceType: champion.instanceType,
            instanceCount: champion.instanceCount,
          },
        ],
      }),
    };
    if (silent) this.#set(changes);
    else {
      const entry: HistoryEntry = {
        at: this.#at,
        from: r.status,
        to: r.status,
        cause: `${cause}: champion-only config`,
        calls: [],
      };
      this.#set({ ...changes, history: [...r.history, entry] });
      this.#notes.push(`${r.endpoint}: ${cause}; deploying the champion-only config`);
    }
  }
}
