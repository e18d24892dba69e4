import type { CiRecord } from './ci-record.js';

/** Lines of each failing job's log kept in the `failing` output (the dossier keeps the full tail). */
const OUTPUT_LOG_LINES = 40;
const OUTPUT_ANNOTATIONS = 10;
/** Step outputs share a 1 MB budget per job; this one stays far below it. */
const OUTPUT_MAX_CHARS = 60_000;

export interface CiFailingOutput {
  name: string;
  conclusion: string | null;
  url: string | null;
  summary: string | null;
  annotations: CiRecord['failing'][number]['annotations'];
  log: string | null;
}

/**
 * The `failing` output: a JSON array, one entry per failing check, with the end of its log and its
 * first annotations. Entries are shortened, then dropped from the end, until the JSON fits.
 */
export function failingOutput(record: CiRecord, maxChars = OUTPUT_MAX_CHARS): string {
  let entries: CiFailingOutput[] = record.failing.map((f) => ({
    name: f.name,
    conclusion: f.conclusion,
    url: f.url,
    summary: f.summary,
    annotations: f.annotations.slice(0, OUTPUT_ANNOTATIONS),
    log: f.log === null ? null : lastLines(f.log, OUTPUT_LOG_LINES),
  }));
  let text = JSON.stringify(entries);
  if (text.length <= maxChars) return text;
  entries = entries.map((e) => ({
    ...e,
    log: e.log === null ? null : lastLines(e.log, 10),
    summary: e.summary?.slice(0, 300) ?? null,
    annotations: e.annotations.slice(0, 3),
  }));
  text = JSON.stringify(entries);
  while (text.length > maxChars && entries.length > 0) {
    entries = entries.slice(0, -1);
    text = JSON.stringify(entries);
  }
  return text;
}

function lastLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length <= n ? text : lines.slice(-n).join('\n');
}
