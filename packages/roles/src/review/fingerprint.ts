import { createHash } from 'node:crypto';

/**
 * A finding's identity across re-runs: the file, the rule (scanner findings) or the title, and the text of the
 * line it is on, not its number, so a finding keeps its fingerprint when lines above it move.
 */
export function findingFingerprint(f: { path: string; rule?: string | undefined; title: string; lineText: string }): string {
  const what = (f.rule ?? f.title).toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${f.path}\0${what}\0${f.lineText.trim()}`).digest('hex').slice(0, 16);
}

/** The hidden marker a posted comment carries, so a later run knows it was posted. */
export const fingerprintMarker = (fingerprint: string): string => `<!-- eternia-agents:finding:${fingerprint} -->`;

export function fingerprintsIn(body: string): string[] {
  return [...body.matchAll(/<!-- eternia-agents:finding:([0-9a-f]{16,64}) -->/g)].map((m) => m[1]!);
}
