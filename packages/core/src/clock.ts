/**
 * Time as a dependency: code that waits (retries, rate limits, pacing, polling) takes a Clock, so tests
 * check the waits it chose instead of measuring how long it took on a busy machine.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A clock whose time moves only when someone sleeps; every sleep is recorded and returns at once. */
export interface ManualClock extends Clock {
  /** The sleeps asked for, in milliseconds, in order. */
  readonly sleeps: number[];
  /** Moves time forward without a sleep (time spent elsewhere). */
  advance(ms: number): void;
}

export function manualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
  };
}
