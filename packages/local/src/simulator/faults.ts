/** Fault injection: throttling by rate, extra latency, and one-shot failures, per operation. */
import { AwsServiceError } from "../aws-protocol.js";

export interface FaultSettings {
  throttle: Record<string, number>;
  latencyMs: Record<string, number>;
  failOnce: Record<string, string>;
  failEndpointUpdates: Record<string, string>;
  batchUnprocessed: number;
  seed: number;
}

/** A small seeded PRNG (mulberry32), so faulty runs can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUS_BY_TYPE: Record<string, number> = {
  ThrottlingException: 400,
  ResourceNotFound: 400,
  ResourceInUse: 400,
  ResourceLimitExceeded: 400,
  ValidationException: 400,
  ConflictException: 409,
  ServiceUnavailable: 503,
  InternalFailure: 500,
};

export class Faults {
  settings: FaultSettings = {
    throttle: {},
    latencyMs: {},
    failOnce: {},
    failEndpointUpdates: {},
    batchUnprocessed: 0,
    seed: 42,
  };
  #random = seededRandom(42);

  configure(settings: Partial<FaultSettings>): void {
    this.settings = {
      ...this.settings,
      ...settings,
      throttle: { ...this.settings.throttle, ...settings.throttle },
      latencyMs: { ...this.settings.latencyMs, ...settings.latencyMs },
      failOnce: { ...this.settings.failOnce, ...settings.failOnce },
      failEndpointUpdates: { ...this.settings.failEndpointUpdates, ...settings.failEndpointUpdates },
    };
    if (settings.seed !== undefined) this.#random = seededRandom(settings.seed);
  }

  clear(): void {
    this.settings = {
      throttle: {},
      latencyMs: {},
      failOnce: {},
      failEndpointUpdates: {},
      batchUnprocessed: 0,
      seed: 42,
    };
    this.#random = seededRandom(42);
  }

  random(): number {
    return this.#random();
  }

  /** Applies the faults set for `operation` (its short name, e.g. `UpdateEndpoint`). */
  async apply(operation: string): Promise<void> {
    const latency = this.settings.latencyMs[operation] ?? this.settings.latencyMs["*"];
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    const once = this.settings.failOnce[operation];
    if (once) {
      delete this.settings.failOnce[operation];
      throw new AwsServiceError(once, `Injected one-shot failure of ${operation}`, STATUS_BY_TYPE[once] ?? 400);
    }
    const rate = this.settings.throttle[operation] ?? this.settings.throttle["*"] ?? 0;
    if (rate > 0 && this.#random() < rate) {
      throw new AwsServiceError("ThrottlingException", "Rate exceeded", 400);
    }
  }
}
