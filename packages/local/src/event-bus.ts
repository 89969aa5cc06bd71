/**
 * The local EventBridge default bus: `PutEvents` entries become events with the
 * EventBridge envelope, are matched against the same rule patterns as the SST stacks
 * (packages/core/src/events/rules.ts) and delivered asynchronously to the target
 * handlers, with retries and a dead-letter list as on AWS. The tick runs on the local clock.
 */
import { randomUUID } from "node:crypto";
import { matchesEventPattern } from "@sagemaker-lifecycle/core/events/pattern-matcher";
import { FUNCTIONS, type FunctionKey, RULE_RETRY_POLICY, RULES, TICK } from "@sagemaker-lifecycle/core/events/rules";
import type { LocalClock } from "./clock.js";
import { invoke } from "./lambda-invoker.js";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";

/** A `PutEvents` request entry, as the SDK sends it. */
export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: string[];
  readonly Time?: string | number;
  readonly EventBusName?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** An event as EventBridge delivers it to a target. */
export interface BusEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: unknown;
}

/** One attempt to deliver an event to a function, kept for inspection (`GET /_local/deliveries`). */
export interface DeliveryRecord {
  readonly eventId: string;
  readonly detailType: string;
  readonly rule: string;
  readonly target: FunctionKey;
  readonly attempt: number;
  readonly outcome: "succeeded" | "failed";
  readonly result?: unknown;
  readonly error?: string;
  readonly at: string;
  /** Real milliseconds the invocation took. */
  readonly durationMs: number;
}

export interface EventBusOptions {
  readonly clock: LocalClock;
  /** Retries after the first failed invocation (Lambda's asynchronous default is 2). */
  readonly retryAttempts?: number;
  /** Real milliseconds before the first retry; doubles on each. */
  readonly retryBaseMs?: number;
  readonly log?: (line: string) => void;
}

const MAX_ENTRIES = 10;

export class LocalEventBus {
  readonly deliveries: DeliveryRecord[] = [];
  readonly deadLetters: Array<{ event: BusEvent; target: FunctionKey; error: string }> = [];
  readonly #clock: LocalClock;
  readonly #retryAttempts: number;
  readonly #retryBaseMs: number;
  readonly #log: (line: string) => void;
  #inFlight = 0;
  #waiters: Array<() => void> = [];
  #cancelTick: (() => void) | undefined;
  #listeners: Array<(event: BusEvent) => void> = [];
  #drops: Array<{ predicate: (event: BusEvent) => boolean; remaining: number }> = [];

  constructor(options: EventBusOptions) {
    this.#clock = options.clock;
    // As the stacks' rule targets: EventBridge retries a failed delivery (8 times), then the dead-letter queue.
    this.#retryAttempts = options.retryAttempts ?? RULE_RETRY_POLICY.retryAttempts;
    this.#retryBaseMs = options.retryBaseMs ?? 25;
    this.#log = options.log ?? (() => {});
  }

  /**
   * Accepts up to ten entries as `PutEvents` does: each entry gets an event id or an
   * error code, and every valid entry is routed.
   */
  putEvents(entries: readonly PutEventsEntry[]): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      throw new RangeError(`PutEvents takes 1 to ${MAX_ENTRIES} entries, got ${entries.length}`);
    }
    const results = entries.map((entry) => this.#accept(entry));
    return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
  }

  /** Loses the next `count` events that match `predicate` (to test what a lost delivery does). */
  dropNext(predicate: (event: BusEvent) => boolean, count = 1): void {
    this.#drops.push({ predicate, remaining: count });
  }

  /** Routes an event that is already in envelope form (simulator events, the tick). */
  publish(event: BusEvent): void {
    const drop = this.#drops.find((d) => d.remaining > 0 && d.predicate(event));
    if (drop) {
      drop.remaining -= 1;
      this.#log(`dropped event ${event.id} (${event["detail-type"]}) as asked`);
      return;
    }
    for (const listener of this.#listeners) listener(event);
    for (const rule of RULES) {
      if (matchesEventPattern(rule.pattern, event)) this.#deliver(event, rule.id, rule.target);
    }
  }

  /** Calls `listener` with every event put on the bus (for tests and the demo narration). */
  subscribe(listener: (event: BusEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** Starts the tick: a Scheduled Event to the tick function every interval of local time. */
  startTick(): void {
    const interval = TICK.intervalSeconds * 1000;
    const arm = () => {
      const next = (Math.floor(this.#clock.now() / interval) + 1) * interval;
      this.#cancelTick = this.#clock.schedule(next, () => {
        arm();
        this.#deliver(
          this.#envelope(
            "aws.events",
            "Scheduled Event",
            {},
            [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${TICK.id}`],
            next,
          ),
          TICK.id,
          TICK.target,
        );
      });
    };
    arm();
  }

  /** Resolves when no delivery is running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  stop(): void {
    this.#cancelTick?.();
  }

  #accept(entry: PutEventsEntry): PutEventsResultEntry {
    if (!entry.Source || !entry.DetailType) {
      return { ErrorCode: "InvalidArgument", ErrorMessage: "Parameters Source and DetailType are required." };
    }
    if (
      entry.EventBusName &&
      !["default", `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`].includes(entry.EventBusName)
    ) {
      return {
        ErrorCode: "ResourceNotFoundException",
        ErrorMessage: `Event bus ${entry.EventBusName} does not exist.`,
      };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail ?? "{}");
    } catch {
      return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
    }
    if (typeof detail !== "object" || detail === null || Array.isArray(detail)) {
      return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
    }
    const time = entry.Time === undefined ? this.#clock.now() : toMillis(entry.Time);
    const event = this.#envelope(entry.Source, entry.DetailType, detail, entry.Resources ?? [], time);
    this.publish(event);
    return { EventId: event.id };
  }

  #envelope(source: string, detailType: string, detail: unknown, resources: string[], time: number): BusEvent {
    return {
      version: "0",
      id: randomUUID(),
      "detail-type": detailType,
      source,
      account: ACCOUNT,
      time: new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: REGION,
      resources,
      detail,
    };
  }

  #deliver(event: BusEvent, rule: string, target: FunctionKey): void {
    this.#inFlight++;
    void this.#attempt(event, rule, target, 0).finally(() => {
      this.#inFlight--;
      if (this.#inFlight === 0) for (const resolve of this.#waiters.splice(0)) resolve();
    });
  }

  async #attempt(event: BusEvent, rule: string, target: FunctionKey, attempt: number): Promise<void> {
    const at = new Date(this.#clock.now()).toISOString();
    const started = performance.now();
    try {
      const result = await invoke(FUNCTIONS[target].handler, event, target);
      this.deliveries.push({
        eventId: event.id,
        detailType: event["detail-type"],
        rule,
        target,
        attempt,
        outcome: "succeeded",
        result,
        at,
        durationMs: performance.now() - started,
      });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.deliveries.push({
        eventId: event.id,
        detailType: event["detail-type"],
        rule,
        target,
        attempt,
        outcome: "failed",
        error: message,
        at,
        durationMs: performance.now() - started,
      });
      if (attempt < this.#retryAttempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.#retryBaseMs * 2 ** attempt, 1000)));
        return this.#attempt(event, rule, target, attempt + 1);
      }
      this.deadLetters.push({ event, target, error: message });
      this.#log(
        `event ${event.id} (${event["detail-type"]}) failed in ${target} after ${attempt + 1} attempts: parked in the dead-letter list`,
      );
    }
  }
}

function toMillis(time: string | number): number {
  if (typeof time === "number") return time < 1e11 ? time * 1000 : time;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? Date.now() : parsed;
}
