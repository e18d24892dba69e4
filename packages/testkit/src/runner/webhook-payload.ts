import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigurationError } from '@eternia/core';

interface ExampleGroup {
  name: string;
  actions: string[];
  examples: Array<Record<string, unknown>>;
}

let groups: ExampleGroup[] | undefined;

function exampleGroups(): ExampleGroup[] {
  // 4 MB of JSON: read once per process, only when a test asks for a payload.
  if (!groups) {
    const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples');
    groups = JSON.parse(readFileSync(file, 'utf8')) as ExampleGroup[];
  }
  return groups;
}

/**
 * A real webhook payload from @octokit/webhooks-examples (a fresh copy each call), e.g.
 * `webhookPayload('issues', 'labeled')`. `schedule` has no webhook: GitHub's event for it is
 * `{ schedule, repository, … }`, built here from the real `push` example's repository.
 */
export function webhookPayload(event: string, action?: string): Record<string, unknown> {
  if (event === 'schedule') {
    const push = webhookPayload('push');
    return { schedule: '*/15 * * * *', repository: push.repository, sender: push.sender, workflow: '.github/workflows/agents.yml' };
  }
  const group = exampleGroups().find((candidate) => candidate.name === event);
  if (!group) {
    const known = exampleGroups()
      .map((candidate) => candidate.name)
      .concat('schedule')
      .sort();
    throw new ConfigurationError(`unknown event; known: ${known.join(', ')}`, `event '${event}'`);
  }
  const example = action === undefined ? group.examples[0] : group.examples.find((candidate) => candidate.action === action);
  if (!example) {
    const known = [...new Set(group.examples.map((candidate) => String(candidate.action)))].join(', ');
    throw new ConfigurationError(`no example with action '${action}'; examples have: ${known}`, `event '${event}'`);
  }
  return structuredClone(example);
}

/** The `issues.labeled` event GitHub sends when `label` is added to `issue` of `repository` (`owner/name`). */
export function issueLabeledEvent(
  repository: string,
  issue: { number: number; title: string },
  label: string,
): { name: 'issues'; payload: Record<string, unknown> } {
  const payload = webhookPayload('issues', 'labeled') as Record<string, Record<string, unknown>>;
  const [owner = '', name = ''] = repository.split('/');
  return {
    name: 'issues',
    payload: {
      ...payload,
      label: { ...payload.label, name: label },
      issue: { ...payload.issue, number: issue.number, title: issue.title },
      repository: { ...payload.repository, name, full_name: repository, owner: { ...(payload.repository?.owner as object), login: owner } },
    },
  };
}
