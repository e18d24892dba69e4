import type { Clock } from '@eternia/core';

/** One URL to probe: the status it must answer with, within the timeout. */
export interface ProbeSpec {
  name: string;
  url: string;
  expectedStatus: number;
  timeoutMs: number;
}

export interface ProbeResult {
  name: string;
  url: string;
  ok: boolean;
  /** The last answer's HTTP status; null when none came (timeout, refused, DNS). */
  status: number | null;
  /** Why it failed, in one short line; empty when ok. */
  error: string;
  /** Tries made (1 + retries used). */
  attempts: number;
  /** When the last try started (ISO). */
  at: string;
}

export interface ProbeOptions {
  fetch: typeof fetch;
  clock: Clock;
  /** Extra tries after a failure. */
  retries: number;
  retryDelayMs: number;
}

/**
 * Requests the URL until it answers with the expected status or the tries run out. A redirect is an answer (not
 * followed): a health endpoint that redirects to a login page is not healthy. The body is never read.
 */
export async function probe(spec: ProbeSpec, options: ProbeOptions): Promise<ProbeResult> {
  let last: ProbeResult | undefined;
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    if (attempt > 1) await options.clock.sleep(options.retryDelayMs);
    const at = new Date(options.clock.now()).toISOString();
    last = { name: spec.name, url: spec.url, attempts: attempt, at, ...(await once(spec, options.fetch)) };
    if (last.ok) break;
  }
  return last!;
}

async function once(spec: ProbeSpec, fetchFn: typeof fetch): Promise<Pick<ProbeResult, 'ok' | 'status' | 'error'>> {
  try {
    const response = await fetchFn(spec.url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(spec.timeoutMs),
      headers: { 'user-agent': 'eternia-agents-health' },
    });
    await response.body?.cancel().catch(() => {});
    const ok = response.status === spec.expectedStatus;
    return { ok, status: response.status, error: ok ? '' : `HTTP ${response.status}, expected ${spec.expectedStatus}` };
  } catch (error) {
    return { ok: false, status: null, error: describeFetchError(error, spec.timeoutMs) };
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return oneLine(cause ? `${e?.message ?? 'fetch failed'} (${cause})` : (e?.message ?? String(error)));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200);
}
