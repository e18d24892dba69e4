import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@eternia/core';
import { skipReason, triggerFromEvent } from '../src/supervisor/index.js';

const opts = { readyLabel: 'agent:ready' };

describe('triggerFromEvent', () => {
  test('issues.labeled with the ready label handles that issue', () => {
    const t = triggerFromEvent('issues', { action: 'labeled', label: { name: 'agent:ready' }, issue: { number: 7 } }, opts);
    expect(t).toEqual({ kind: 'issue', issueNumber: 7, source: 'issues.labeled' });
  });

  test('another label, or another issues action, is ignored with the reason', () => {
    const other = triggerFromEvent('issues', { action: 'labeled', label: { name: 'bug' }, issue: { number: 7 } }, opts);
    expect(other).toMatchObject({ kind: 'ignore', reason: expect.stringContaining("label 'bug'") });
    const opened = triggerFromEvent('issues', { action: 'opened', issue: { number: 7 } }, opts);
    expect(opened).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('issues.opened') });
  });

  test('schedule and workflow_dispatch poll; a dispatched issue number wins', () => {
    expect(triggerFromEvent('schedule', {}, opts)).toEqual({ kind: 'poll', source: 'schedule' });
    expect(triggerFromEvent('workflow_dispatch', {}, opts)).toEqual({ kind: 'poll', source: 'workflow_dispatch' });
    expect(triggerFromEvent('workflow_dispatch', {}, { ...opts, dispatchedIssue: 3 })).toMatchObject({ kind: 'issue', issueNumber: 3 });
  });

  test('an event of another type is a configuration error naming GITHUB_EVENT_NAME', () => {
    expect(() => triggerFromEvent('push', { ref: 'refs/heads/main' }, opts)).toThrow(ConfigurationError);
    expect(() => triggerFromEvent('pull_request', {}, opts)).toThrow(/GITHUB_EVENT_NAME: event 'pull_request' cannot start the supervisor/);
  });

  test('an issues.labeled payload without an issue number is refused', () => {
    expect(() => triggerFromEvent('issues', { action: 'labeled', label: { name: 'agent:ready' } }, opts)).toThrow(/no issue number/);
    expect(() => triggerFromEvent('issues', { action: 'labeled', label: { name: 'agent:ready' }, issue: { number: '7' } }, opts)).toThrow(
      ConfigurationError,
    );
  });
});

describe('skipReason', () => {
  const labels = { ready: 'agent:ready', freeze: 'needs-human-review', fix: ['bug'] };
  const calm = { active: false, issues: [] };
  const issue = { number: 4, state: 'open', isPullRequest: false, labels: ['agent:ready'] };

  test('an open ready issue may be claimed', () => {
    expect(skipReason(issue, labels, calm)).toBeNull();
  });

  test('pull requests, closed issues and issues that lost the label are skipped', () => {
    expect(skipReason({ ...issue, isPullRequest: true }, labels, calm)).toMatch(/pull request/);
    expect(skipReason({ ...issue, state: 'closed' }, labels, calm)).toMatch(/closed/);
    expect(skipReason({ ...issue, labels: [] }, labels, calm)).toMatch(/no longer carries 'agent:ready'/);
  });

  test('the freeze label stops the bot', () => {
    expect(skipReason({ ...issue, labels: ['agent:ready', 'needs-human-review'] }, labels, calm)).toMatch(/needs-human-review/);
  });

  test('red-mode lets only fix work through', () => {
    const red = { active: true, issues: [9] };
    expect(skipReason(issue, labels, red)).toMatch(/red-mode is active \(#9\)/);
    expect(skipReason({ ...issue, labels: ['agent:ready', 'bug'] }, labels, red)).toBeNull();
  });
});
