import { z } from 'zod';

/**
 * The debounce counts between scheduled runs live in the tracking issue's body, in a hidden marker the bot writes:
 * the issue is already the place people look, it survives cache evictions and re-runs, and it is only adopted when
 * the bot opened it (a marker seeded in someone else's issue is ignored).
 */
export const STATE_MARKER = 'eternia-agents:red-mode-state';

const stateSchema = z.object({
  v: z.literal(1),
  /** Failing runs in a row (0 after a passing run). */
  failing: z.number().int().min(0).max(10_000),
  /** Passing runs in a row (0 after a failing run). */
  passing: z.number().int().min(0).max(10_000),
  /** Per failing check, when its current failure streak started (ISO). */
  since: z.record(z.string().max(40), z.iso.datetime()).default({}),
});

export type RedModeState = z.output<typeof stateSchema>;

export const EMPTY_STATE: RedModeState = { v: 1, failing: 0, passing: 0, since: {} };

const MARKER_RE = new RegExp(`<!-- ${STATE_MARKER} (\\{[^\\n]*?\\}) -->`);

/** The state in a body, or null when there is none or it does not parse (then counting starts over). */
export function readState(body: string | null | undefined): RedModeState | null {
  const match = MARKER_RE.exec(body ?? '');
  if (!match) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(match[1]!));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function stateMarker(state: RedModeState): string {
  // JSON of numbers, names matching the policy's name pattern and ISO times holds no '--' or '>'.
  return `<!-- ${STATE_MARKER} ${JSON.stringify(state)} -->`;
}

/** The next state after a run; counts stop at `cap` so a steady state writes nothing. */
export function nextState(
  previous: RedModeState,
  run: { failed: readonly { name: string; at: string }[]; passed: boolean },
  cap: number,
): RedModeState {
  if (run.passed) return { v: 1, failing: 0, passing: Math.min(previous.passing + 1, cap), since: {} };
  const since: Record<string, string> = {};
  for (const check of run.failed) since[check.name] = previous.since[check.name] ?? check.at;
  return { v: 1, failing: Math.min(previous.failing + 1, cap), passing: 0, since };
}
