import { describe, expect, test } from '@jest/globals';
import * as core from '@eternia/core';

describe('@eternia/core exports', () => {
  test('the configuration and action-wrapper API is reachable from the package entry', () => {
    for (const name of [
      'runAction',
      'actionsCoreIO',
      'parseInputs',
      'requireToken',
      'loadPolicy',
      'parsePolicy',
      'mergePolicy',
      'modelFor',
      'redactSecrets',
      'scrubEnv',
      'toGitHubApiError',
      'createOctokit',
      'manualClock',
      'failureSummary',
      'policySummary',
    ] as const) {
      expect(typeof core[name]).toBe('function');
    }
    expect(core.DEFAULT_POLICY.labels.ready).toBe('agent:ready');
    expect(core.BUILTIN_DENY).toContain('.github/workflows/**');
  });
});
