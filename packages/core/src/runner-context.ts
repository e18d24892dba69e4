import { readFile } from 'node:fs/promises';
import { ConfigurationError } from './errors.js';

/** What the runner tells every action through its documented environment, read once and checked. */
export interface RunnerContext {
  owner: string;
  repo: string;
  eventName: string;
  payload: unknown;
  workspace: string;
  apiUrl: string;
  serverUrl: string;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT as numbers; 0 and 1 outside Actions. */
  runId: number;
  runAttempt: number;
  sha: string | undefined;
}

export async function readRunnerContext(env: Record<string, string | undefined>, cwd: string): Promise<RunnerContext> {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!match) throw new ConfigurationError(`expected 'owner/name', got '${repository}'`, 'GITHUB_REPOSITORY');
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  if (!eventName) throw new ConfigurationError('not set; run this action inside a GitHub Actions job', 'GITHUB_EVENT_NAME');
  let payload: unknown = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let text: string;
    try {
      text = await readFile(eventPath, 'utf8');
    } catch (error) {
      throw new ConfigurationError(`cannot read the event payload at ${eventPath}`, 'GITHUB_EVENT_PATH', { cause: error });
    }
    try {
      payload = JSON.parse(text);
    } catch (error) {
      throw new ConfigurationError(`the event payload at ${eventPath} is not JSON`, 'GITHUB_EVENT_PATH', { cause: error });
    }
  }
  return {
    owner: match[1]!,
    repo: match[2]!,
    eventName,
    payload,
    workspace: env.GITHUB_WORKSPACE || cwd,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    runId: wholeNumber(env.GITHUB_RUN_ID, 0),
    runAttempt: wholeNumber(env.GITHUB_RUN_ATTEMPT, 1),
    sha: env.GITHUB_SHA,
  };
}

function wholeNumber(value: string | undefined, fallback: number): number {
  return value && /^\d+$/.test(value) ? Number(value) : fallback;
}
