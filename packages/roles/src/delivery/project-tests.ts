/** Runs the repository's tests as the policy says, and turns results into evidence and model feedback. */
import type { Policy } from '@eternia/core';
import { fenceUntrusted } from '@eternia/llm';
import { runTests, type RunTestsOptions, type Sandbox, type TestCaseResult, type TestRunResult } from '@eternia/tools';
import type { TestOutcome } from './evidence.js';

export type RunTestsFn = (options: RunTestsOptions) => Promise<TestRunResult>;

export function runProjectTests(
  policy: Policy,
  workspace: string,
  opts: { runTests?: RunTestsFn | undefined; testEnv?: Record<string, string | undefined> | undefined; sandbox?: Sandbox | undefined } = {},
): Promise<TestRunResult> {
  const run = opts.runTests ?? runTests;
  return run({
    workspace,
    ...(policy.tests.command ? { command: policy.tests.command } : {}),
    timeoutMs: policy.tests['timeout-minutes'] * 60_000,
    envAllow: [...policy['env-allow']],
    ...(policy.tests.junit ? { junit: policy.tests.junit } : {}),
    ...(Object.keys(policy.tests.env).length > 0 ? { env: policy.tests.env } : {}),
    ...(opts.testEnv ? { baseEnv: opts.testEnv } : {}),
    ...(opts.sandbox ? { sandbox: opts.sandbox } : {}),
  });
}

const MAX_MESSAGE = 2_000;

export function toOutcome(test: TestCaseResult): TestOutcome {
  return {
    id: test.id,
    name: test.name,
    file: test.file ?? null,
    line: test.line ?? null,
    message: test.message === undefined ? null : test.message.slice(0, MAX_MESSAGE),
  };
}

export function failingTests(result: TestRunResult): TestCaseResult[] {
  return result.tests.filter((t) => t.status === 'failed');
}

/** One line for logs and summaries. */
export function describeRun(result: TestRunResult): string {
  const { passed, failed, skipped } = result.summary;
  return `${result.status} (${passed} passed, ${failed} failed, ${skipped} skipped; \`${result.command.join(' ')}\`)`;
}

/** Failures (or, without per-test results, the output's tail) for the model, fenced as untrusted data. */
export function renderFailures(result: TestRunResult, maxChars = 12_000): string {
  const failed = failingTests(result);
  const lines = [`Test run: ${describeRun(result)}.`];
  if (result.notes.length > 0) lines.push(`Notes: ${result.notes.join('; ')}`);
  if (failed.length > 0) {
    const text = failed.map((t) => `✖ ${t.id}${t.line ? ` (line ${t.line})` : ''}\n${(t.message ?? '').slice(0, MAX_MESSAGE)}`).join('\n\n');
    lines.push(fenceUntrusted('failing tests', text, maxChars));
  } else {
    lines.push(fenceUntrusted('test output (tail)', result.output.slice(-maxChars), maxChars));
  }
  return lines.join('\n');
}
