/** The pull request of a pull_request / pull_request_target event payload, or null. */
export function pullNumberFromEvent(payload: unknown): number | null {
  const n = (payload as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}
