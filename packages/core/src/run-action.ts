/**
 * The wrapper around every action's body. Whatever is thrown — our errors, an octokit RequestError,
 * a string, undefined — ends as one line `<name> failed (<kind>): <message>` with secrets redacted,
 * a job-summary section, and a failed step. The stack goes to the debug log only.
 */
import { actionsCoreIO, type ActionIO } from './action-io.js';
import { errorKind, type ErrorKind } from './errors.js';
import { isRequestError, toGitHubApiError } from './github-api-error.js';
import { redactSecrets, secretValuesFromEnv } from './redact.js';
import { failureSummary } from './summary.js';

const MAX_LINE = 1000;

export async function runAction(name: string, fn: (io: ActionIO) => Promise<void>, io?: ActionIO): Promise<void> {
  const actionIO = io ?? actionsCoreIO();
  try {
    await fn(actionIO);
  } catch (thrown) {
    await reportFailure(name, thrown, actionIO);
  }
}

/** The kind and full message of anything thrown. An unwrapped octokit error still reads as a GitHub failure. */
export function describeThrown(thrown: unknown): { kind: ErrorKind; message: string } {
  if (isRequestError(thrown)) return { kind: 'github', message: toGitHubApiError(thrown, 'calling the GitHub API').message };
  return { kind: errorKind(thrown), message: messageOf(thrown) };
}

function messageOf(thrown: unknown): string {
  if (thrown instanceof AggregateError) {
    const inner = thrown.errors.map((e) => messageOf(e)).join('; ');
    return [thrown.message, inner].filter(Boolean).join(': ') || 'AggregateError';
  }
  if (thrown instanceof Error) return thrown.message || thrown.name || 'an error without a message';
  if (thrown === undefined) return 'undefined was thrown (no error, no message)';
  if (thrown === null) return 'null was thrown (no error, no message)';
  if (typeof thrown === 'string') return thrown.trim() || 'an empty string was thrown';
  if (typeof thrown === 'object') {
    const candidate = (thrown as { message?: unknown }).message;
    if (typeof candidate === 'string' && candidate) return candidate;
    try {
      return `a non-error object was thrown: ${JSON.stringify(thrown)}`;
    } catch {
      return `a non-error object was thrown: ${Object.prototype.toString.call(thrown)}`;
    }
  }
  return `a ${typeof thrown} was thrown: ${String(thrown)}`;
}

/** The stacks of the error and its causes, for the debug log. */
function stacks(thrown: unknown): string {
  const parts: string[] = [];
  let current: unknown = thrown;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : messageOf(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\nCaused by: ');
}

async function reportFailure(name: string, thrown: unknown, io: ActionIO): Promise<void> {
  const secrets = [...io.secrets(), ...secretValuesFromEnv(io.env())];
  const { kind, message } = describeThrown(thrown);
  const clean = redactSecrets(message, secrets);
  const lines = clean.split(/\r?\n/).filter((l) => l.trim() !== '');
  let line = (lines[0] ?? clean).replace(/\s+/g, ' ').trim();
  if (lines.length > 1) line += ' (more in the job summary)';
  if (line.length > MAX_LINE) line = `${line.slice(0, MAX_LINE - 3)}...`;

  io.debug(redactSecrets(stacks(thrown), secrets));
  try {
    await io.appendSummary(failureSummary(name, kind, clean));
  } catch (summaryError) {
    // A summary that cannot be written must not hide the real failure.
    io.debug(`job summary not written: ${redactSecrets(messageOf(summaryError), secrets)}`);
  }
  io.setFailed(`${name} failed (${kind}): ${line}`);
}
