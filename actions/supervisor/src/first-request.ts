/**
 * The supervisor's first GitHub request, told from the environment before its code loads (the entry starts it early).
 * For an event the role handles it is the labels listing (ensureFlowLabels), or GET /user before it (resolveBotLogin)
 * when the token is not an installation token; for an event it ignores — any label other than the ready one — there
 * is none, and asking anyway would cost a request on every unrelated label event. It mirrors triggerFromEvent
 * (packages/roles/src/supervisor/trigger.ts) without its imports: only node:fs is loaded here.
 */
import { readFileSync } from 'node:fs';
import type { EarlyPath } from '@eternia/core/early-request';

/**
 * The policy's default labels.ready (a test checks they agree): the policy file itself is YAML, too costly to read
 * here. A repository that renames its ready label only loses the head start on its label events.
 */
export const DEFAULT_READY_LABEL = 'agent:ready';

const DISPATCH_EVENTS = new Set(['schedule', 'workflow_dispatch', 'workflow_call', 'repository_dispatch']);

/** The early request for this run, or null when the run makes none (or fails before one). Never throws. */
export function supervisorFirstRequest(env: Readonly<Record<string, string | undefined>>): EarlyPath | null {
  // The token as the early request reads it: the `github-token` input, trimmed.
  const token = (env['INPUT_GITHUB-TOKEN'] ?? '').trim();
  if (token === '' || !handles(env)) return null;
  return isInstallationToken(token) ? '/repos/{owner}/{repo}/labels?per_page=100' : '/user';
}

/** Whether triggerFromEvent gives an issue or a poll (not an ignore, nor an error). */
function handles(env: Readonly<Record<string, string | undefined>>): boolean {
  const issue = (env.INPUT_ISSUE ?? '').trim();
  // A set `issue` input wins over the event; one the input parser refuses fails the run first.
  if (issue !== '') return /^[1-9]\d{0,8}$/.test(issue);
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (DISPATCH_EVENTS.has(name)) return true;
  return name === 'issues' && readyLabeled(env.GITHUB_EVENT_PATH);
}

/** An issues.labeled event that added the ready label to an issue with a number. */
function readyLabeled(file: string | undefined): boolean {
  if (!file) return false;
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (typeof event !== 'object' || event === null) return false;
  const { action, label, issue } = event as { action?: unknown; label?: { name?: unknown } | null; issue?: { number?: unknown } | null };
  const number = issue?.number;
  return action === 'labeled' && label?.name === DEFAULT_READY_LABEL && typeof number === 'number' && Number.isInteger(number) && number >= 1;
}

/**
 * What @octokit/auth-token calls an installation token, for which resolveBotLogin asks nothing: `ghs_…` or `v1.…`,
 * unless it is a JWT (three dotted parts), which it takes for an app's.
 */
function isInstallationToken(token: string): boolean {
  return token.split('.').length !== 3 && (token.startsWith('ghs_') || token.startsWith('v1.'));
}
