/**
 * Green means more than "the command exited 0": every red test the branch's `test:` commits recorded passed in this
 * run, and the run ran at least as many tests as the red run did. A test script replaced by `node -e 0`, or code that
 * exits the process on import, ends with status passed but without the red tests among the passing ones.
 */
import type { TestRunResult } from '@eternia/tools';
import type { TestCommitFacts } from './test-commits.js';

export type GreenVerdict = { ok: true } | { ok: false; problem: string; missing: string[] };

export function judgeGreen(result: TestRunResult, facts: Pick<TestCommitFacts, 'redTests' | 'testsRun'>): GreenVerdict {
  if (result.status !== 'passed') return { ok: false, problem: `the test run ended ${result.status}`, missing: [] };
  const passing = new Set(result.tests.filter((t) => t.status === 'passed').map((t) => t.id));
  const missing = facts.redTests.filter((id) => !passing.has(id));
  const ran = result.summary.passed + result.summary.failed + result.summary.skipped;
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `${missing.length} of the ${facts.redTests.length} tests written first did not pass in this run (not run, or not reported): ${missing.slice(0, 20).join(', ')}`,
    );
  }
  if (facts.testsRun !== null && ran < facts.testsRun) {
    problems.push(`the run reported ${ran} test(s), fewer than the ${facts.testsRun} the red run ran`);
  }
  if (problems.length === 0) return { ok: true };
  return {
    ok: false,
    missing,
    problem:
      `The command exited cleanly, but that is not green: ${problems.join('; ')}. ` +
      'Every test must run and pass; do not stop the test run early, skip tests or exit the process.',
  };
}
