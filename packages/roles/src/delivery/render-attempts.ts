import type { AttemptRecord } from './evidence.js';

/** The attempts table of the write-tests and implement summaries; no lines when there was no attempt. */
export function renderAttempts(history: readonly AttemptRecord[]): string[] {
  if (history.length === 0) return [];
  return [
    '| Attempt | Outcome | Failing tests |',
    '| --- | --- | --- |',
    ...history.map((h) => `| ${h.attempt} | ${h.outcome} | ${h.failed ?? '–'} |`),
  ];
}
