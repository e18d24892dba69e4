import path from 'node:path';
import { failureLine } from './failure-location.js';
import { dropFrameworkFrames } from './framework-frames.js';
import type { TestCaseResult } from './types.js';

interface JestAssertion {
  ancestorTitles?: string[];
  title?: string;
  status?: string;
  failureMessages?: string[];
  location?: { line?: number; column?: number } | null;
}

interface JestFileResult {
  name?: string;
  status?: string;
  message?: string;
  testExecError?: { message?: string } | null;
  assertionResults?: JestAssertion[];
}

/** The name given to a test file that failed before any of its tests ran (syntax error, missing import…). */
export const FILE_FAILED_NAME = '(test file failed to run)';

const MESSAGE_LIMIT = 4000;
const ANSI = /\u001b\[[0-9;]*m/g;

function clip(text: string): string {
  const clean = dropFrameworkFrames(text.replace(ANSI, '')).trim();
  return clean.length > MESSAGE_LIMIT ? `${clean.slice(0, MESSAGE_LIMIT)}…` : clean;
}

/** Reads `jest --json --testLocationInResults` output (vitest's JSON reporter writes the same shape). */
export function parseJestJson(json: string, workspace: string): TestCaseResult[] {
  const report = JSON.parse(json) as { testResults?: JestFileResult[] };
  if (!report || !Array.isArray(report.testResults)) throw new Error('jest JSON report has no testResults array');
  const results: TestCaseResult[] = [];
  for (const fileResult of report.testResults) {
    const abs = fileResult.name ?? '';
    const file = abs ? path.relative(workspace, abs).split(path.sep).join('/') : undefined;
    const assertions = fileResult.assertionResults ?? [];
    if (assertions.length === 0 && (fileResult.status === 'failed' || fileResult.testExecError)) {
      const message = clip(fileResult.message || fileResult.testExecError?.message || 'the test file failed to run');
      const result: TestCaseResult = {
        id: file ? `${file}::${FILE_FAILED_NAME}` : FILE_FAILED_NAME,
        name: FILE_FAILED_NAME,
        status: 'failed',
        message,
      };
      if (file) result.file = file;
      const line = abs ? (failureLine(message, abs) ?? (file ? failureLine(message, file) : undefined)) : undefined;
      if (line !== undefined) result.line = line;
      results.push(result);
      continue;
    }
    for (const assertion of assertions) {
      const name = [...(assertion.ancestorTitles ?? []), assertion.title ?? '(unnamed)'].join(' > ');
      const status: TestCaseResult['status'] = assertion.status === 'passed' ? 'passed' : assertion.status === 'failed' ? 'failed' : 'skipped';
      const result: TestCaseResult = { id: file ? `${file}::${name}` : name, name, status };
      if (file) result.file = file;
      let line = assertion.location?.line ?? undefined;
      if (status === 'failed') {
        const message = clip((assertion.failureMessages ?? []).join('\n'));
        if (message) result.message = message;
        const located = abs ? failureLine(message, abs) : undefined;
        if (located !== undefined) line = located;
      }
      if (line !== undefined) result.line = line;
      results.push(result);
    }
  }
  return results;
}
