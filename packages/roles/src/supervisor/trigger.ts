import { ConfigurationError } from '@eternia/core';

/** What started this supervisor run: one labeled issue, or a poll of every ready issue. */
export type SupervisorTrigger =
  { kind: 'issue'; issueNumber: number; source: string } | { kind: 'poll'; source: string } | { kind: 'ignore'; reason: string };

interface IssuesEventPayload {
  action?: unknown;
  label?: { name?: unknown };
  issue?: { number?: unknown; pull_request?: unknown };
}

/**
 * Reads the event the runner handed us. `issues.labeled` with the ready label handles that issue;
 * schedule and workflow_dispatch poll (or handle the dispatched `issue` input); anything else is a wiring mistake.
 */
export function triggerFromEvent(
  eventName: string,
  payload: unknown,
  opts: { readyLabel: string; dispatchedIssue?: number | undefined },
): SupervisorTrigger {
  if (opts.dispatchedIssue !== undefined) {
    return { kind: 'issue', issueNumber: opts.dispatchedIssue, source: `input 'issue' (${eventName})` };
  }
  switch (eventName) {
    case 'schedule':
    case 'workflow_dispatch':
    case 'workflow_call':
    case 'repository_dispatch':
      return { kind: 'poll', source: eventName };
    case 'issues': {
      const event = (payload ?? {}) as IssuesEventPayload;
      if (event.action !== 'labeled') {
        return { kind: 'ignore', reason: `issues.${String(event.action)} is not a trigger; only issues.labeled with '${opts.readyLabel}' is` };
      }
      const label = event.label?.name;
      if (label !== opts.readyLabel) {
        return { kind: 'ignore', reason: `label '${String(label)}' was added, not the ready label '${opts.readyLabel}'` };
      }
      const number = event.issue?.number;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
        throw new ConfigurationError('the issues event payload has no issue number', 'event payload (GITHUB_EVENT_PATH)');
      }
      return { kind: 'issue', issueNumber: number, source: 'issues.labeled' };
    }
    default:
      throw new ConfigurationError(
        `event '${eventName}' cannot start the supervisor; trigger it with issues (types: [labeled]), schedule or workflow_dispatch`,
        'GITHUB_EVENT_NAME',
      );
  }
}
