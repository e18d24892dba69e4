/**
 * When and how long the model client waits before another attempt: the openai SDK's rules (408, 409, 429,
 * 5xx and lost connections; `x-should-retry` overrides; `retry-after-ms` / `retry-after` up to 60 s, else
 * exponential back-off from 0.5 s to 8 s with up to 25 % jitter), kept here so the wait goes through the
 * client's clock instead of the SDK's own timer.
 */
export interface HeaderReader {
  get(name: string): string | null;
}

const MAX_HONOURED_MS = 60_000;

/** Whether an answer with this status (undefined: no answer, the connection failed or timed out) is worth a retry. */
export function isRetryable(status: number | undefined, headers: HeaderReader | undefined): boolean {
  const says = headers?.get('x-should-retry');
  if (says === 'true') return true;
  if (says === 'false') return false;
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Milliseconds before the retry that follows `retriesDone` earlier retries. */
export function retryDelayMs(headers: HeaderReader | undefined, retriesDone: number, nowMs: number, random: () => number = Math.random): number {
  let asked: number | undefined;
  const ms = headers?.get('retry-after-ms');
  if (ms) asked = parseFloat(ms);
  const after = headers?.get('retry-after');
  if (after && (asked === undefined || Number.isNaN(asked))) {
    const seconds = parseFloat(after);
    asked = Number.isNaN(seconds) ? Date.parse(after) - nowMs : seconds * 1000;
  }
  if (asked !== undefined && Number.isFinite(asked) && asked >= 0 && asked <= MAX_HONOURED_MS) return asked;
  const backoffSeconds = Math.min(0.5 * 2 ** retriesDone, 8);
  return backoffSeconds * (1 - random() * 0.25) * 1000;
}
