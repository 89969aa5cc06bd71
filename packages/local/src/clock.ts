/**
 * The local clock: real time by default, faster with a time scale, frozen with scale 0,
 * and moved forward on demand. Timers (the tick, simulated AWS durations) fire on it in
 * time order, one at a time, each followed by `settle` (the event bus draining), so
 * advancing the clock is deterministic.
 */
export interface ClockOptions {
  /** Virtual milliseconds per real millisecond: 1 is real time, 0 freezes the clock. */
  readonly timeScale: number;
  /** Virtual start time (epoch ms); now by default. */
  readonly start?: number;
  /** Awaited after every timer, so that the work a timer starts finishes before the next. */
  readonly settle?: () => Promise<void>;
  /** How often real time is checked for due timers when the clock runs. */
  readonly pollMs?: number;
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly run: () => unknown;
}

export class LocalClock {
  readonly #timeScale: number;
  readonly #realStart = Date.now();
  readonly #virtualStart: number;
  #offset = 0;
  #timers: Timer[] = [];
  #nextId = 1;
  #queue: Promise<void> = Promise.resolve();
  #settle: () => Promise<void>;
  readonly #poll: NodeJS.Timeout | undefined;

  constructor(options: ClockOptions) {
    if (!(options.timeScale >= 0)) throw new RangeError("timeScale must be 0 or more");
    this.#timeScale = options.timeScale;
    this.#virtualStart = options.start ?? this.#realStart;
    this.#settle = options.settle ?? (async () => {});
    if (this.#timeScale > 0) {
      this.#poll = setInterval(() => void this.#fireDue(this.now()), options.pollMs ?? 50);
      this.#poll.unref();
    }
  }

  /** Replaces the settle hook (the bus is built after the clock). */
  onSettle(settle: () => Promise<void>): void {
    this.#settle = settle;
  }

  get timeScale(): number {
    return this.#timeScale;
  }

  /** Virtual now, epoch milliseconds. */
  now(): number {
    return Math.floor(this.#virtualStart + (Date.now() - this.#realStart) * this.#timeScale + this.#offset);
  }

  /** Runs `run` when virtual time reaches `at`; returns a function that cancels it. */
  schedule(at: number, run: () => unknown): () => void {
    const timer = { id: this.#nextId++, at, run };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
    return () => {
      this.#timers = this.#timers.filter((t) => t.id !== timer.id);
    };
  }

  /** Runs `run` after `seconds` of virtual time. */
  after(seconds: number, run: () => unknown): () => void {
    return this.schedule(this.now() + seconds * 1000, run);
  }

  /** Moves virtual time forward, firing every timer that falls due on the way, in order. */
  advance(seconds: number): Promise<void> {
    if (!(seconds >= 0)) return Promise.reject(new RangeError("seconds must be 0 or more"));
    const target = this.now() + seconds * 1000;
    return this.#enqueue(async () => {
      await this.#drainUntil(target, true);
      if (this.now() < target) this.#offset += target - this.now();
    });
  }

  /** Stops polling and forgets every timer. */
  stop(): void {
    if (this.#poll) clearInterval(this.#poll);
    this.#timers = [];
  }

  #fireDue(until: number): Promise<void> {
    if (!this.#timers.some((t) => t.at <= until)) return this.#queue;
    return this.#enqueue(() => this.#drainUntil(until, false));
  }

  async #drainUntil(until: number, jump: boolean): Promise<void> {
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > until) return;
      this.#timers.shift();
      // When advancing, time jumps to each timer so the work it starts sees the right now.
      if (jump && this.now() < next.at) this.#offset += next.at - this.now();
      try {
        await next.run();
      } catch (error) {
        console.error("A timer on the local clock failed", error);
      }
      await this.#settle();
    }
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }
}
