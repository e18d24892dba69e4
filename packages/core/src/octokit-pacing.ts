import type { Clock } from './clock.js';

/**
 * Stand-ins for plugin-throttling's Bottleneck groups (it only calls `.key(id).schedule(options, job, ...args)`
 * on them). GitHub asks clients to space writes 1 s apart, notification-raising writes 3 s and searches 2 s;
 * these groups do that on an injected clock so the waits are visible to tests.
 */
export interface PacingGroup {
  key(id?: string): { schedule(options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]): Promise<unknown> };
}

export interface PacingGroups {
  write: PacingGroup;
  notifications: PacingGroup;
  search: PacingGroup;
}

/** Jobs start one at a time, at least `minTimeMs` after the previous start. */
function pacedGroup(minTimeMs: number, clock: Clock): PacingGroup {
  let nextStart = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();
  const slot = async (): Promise<void> => {
    const wait = nextStart - clock.now();
    if (wait > 0) await clock.sleep(wait);
    nextStart = clock.now() + minTimeMs;
  };
  const group: PacingGroup = {
    key: () => ({
      schedule(_options, job, ...args) {
        const turn = queue.then(slot);
        queue = turn.catch(() => undefined);
        return turn.then(() => job(...args));
      },
    }),
  };
  return group;
}

/** No spacing: for servers on the loopback interface (the test bench, a local proxy), which set no such limits. */
const unpacedGroup: PacingGroup = { key: () => ({ schedule: async (_options, job, ...args) => job(...args) }) };
export const UNPACED: PacingGroups = { write: unpacedGroup, notifications: unpacedGroup, search: unpacedGroup };

// One set of groups per clock, so every client of a process (all on the system clock) shares the spacing,
// as plugin-throttling's own groups are shared.
const byClock = new WeakMap<Clock, PacingGroups>();

export function pacingGroups(clock: Clock): PacingGroups {
  let groups = byClock.get(clock);
  if (!groups) {
    groups = { write: pacedGroup(1_000, clock), notifications: pacedGroup(3_000, clock), search: pacedGroup(2_000, clock) };
    byClock.set(clock, groups);
  }
  return groups;
}
