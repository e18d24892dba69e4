import { redactSecrets } from '@eternia/core';

const ACTIONS_APP = 'github-actions';
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
// Every line of an Actions log starts with an ISO timestamp; it costs tokens and says nothing.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;

/**
 * The Actions job behind a check run: the job id is in details_url (…/actions/runs/{run}/job/{job});
 * for check runs created by GitHub Actions the check run id is the job id too. Null for other apps.
 */
export function actionsJobId(checkRun: { id: number; details_url?: string | null; app?: { slug?: string } | null }): number | null {
  const fromUrl = /\/actions\/runs\/\d+\/job(?:s)?\/(\d+)/.exec(checkRun.details_url ?? '');
  if (fromUrl) return Number(fromUrl[1]);
  return checkRun.app?.slug === ACTIONS_APP ? checkRun.id : null;
}

/** The last `maxLines` lines of a job log, without timestamps or colour codes, secrets scrubbed. */
export function logTail(log: string, maxLines: number, secrets: readonly string[] = []): string {
  const lines = log.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const kept = lines.slice(-maxLines).map((line) => line.replace(TIMESTAMP, '').replace(ANSI, ''));
  const omitted = lines.length - kept.length;
  const text = (omitted > 0 ? [`…[${omitted} earlier lines omitted]`, ...kept] : kept).join('\n');
  return redactSecrets(text, secrets);
}
