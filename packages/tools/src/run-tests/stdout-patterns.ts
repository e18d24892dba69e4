import type { TestCaseResult } from './types.js';

export interface StdoutParse {
  tests: TestCaseResult[];
  /** Counts from a summary line ("Tests: 1 failed, 2 passed", "== 1 failed, 2 passed in 0.1s =="), when one was found. */
  counts?: { passed: number; failed: number; skipped: number };
}

const PYTEST_SUMMARY_LINE = /^(PASSED|FAILED|ERROR|SKIPPED|XPASS|XFAIL) (\S+?)(?: - (.*))?$/;
const PYTEST_VERBOSE_LINE = /^(\S+\.py::\S+(?: \S+)*?) (PASSED|FAILED|ERROR|SKIPPED|XPASS|XFAIL)\b/;
const TAP_LINE = /^(\s*)(not ok|ok) \d+ - (.+?)(?: # (SKIP|TODO)\b.*)?$/;
const MARK_LINE = /^\s*(✓|✔|√|✕|✖|×|○|↓)\s+(.+?)(?:\s+\(\d+(?:\.\d+)?\s*m?s\))?\s*$/;

function pytestStatus(word: string): TestCaseResult['status'] {
  if (word === 'PASSED' || word === 'XFAIL') return 'passed';
  if (word === 'SKIPPED') return 'skipped';
  return 'failed';
}

function markStatus(mark: string): TestCaseResult['status'] {
  if ('✓✔√'.includes(mark)) return 'passed';
  if ('○↓'.includes(mark)) return 'skipped';
  return 'failed';
}

function countFrom(line: string, word: RegExp): number {
  const match = word.exec(line);
  return match ? Number(match[1]) : 0;
}

function summaryCounts(lines: string[]): StdoutParse['counts'] {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    // jest "Tests:  1 failed, 2 passed, 3 total"; vitest "Tests  1 failed | 2 passed (3)"; pytest "=== 1 failed, 2 passed in 0.5s ===".
    if (/^\s*Tests:?\s+\d/.test(line) || /^=+ .*\d+ (passed|failed|skipped|error).* in [\d.]+s/.test(line)) {
      return {
        passed: countFrom(line, /(\d+) passed/),
        failed: countFrom(line, /(\d+) failed/) + countFrom(line, /(\d+) errors?\b/),
        skipped: countFrom(line, /(\d+) (?:skipped|pending|todo)/),
      };
    }
  }
  // node:test / TAP trailer: "# pass 2", "ℹ fail 1".
  const tail = lines.slice(-40).join('\n');
  const pass = /^(?:#|ℹ) pass (\d+)/m.exec(tail);
  const fail = /^(?:#|ℹ) fail (\d+)/m.exec(tail);
  if (pass || fail) {
    const skipped = /^(?:#|ℹ) skipped (\d+)/m.exec(tail);
    return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0), skipped: Number(skipped?.[1] ?? 0) };
  }
  return undefined;
}

/**
 * Last resort when no report file exists: per-test lines from pytest (`-rA` summary or `-v`), TAP
 * (node:test), and the ✓/✕ marks of jest, vitest and node's spec reporter, plus a summary line for
 * the counts. Parent TAP entries (those followed by deeper ones) are not tests; repeated lines (spec
 * reporters list failures twice) are counted once.
 */
export function parseTestStdout(output: string): StdoutParse {
  const lines = output.split(/\r?\n/);
  const tests: TestCaseResult[] = [];
  const seen = new Set<string>();
  const add = (name: string, status: TestCaseResult['status'], file?: string, message?: string): void => {
    const key = `${status}\u0000${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const result: TestCaseResult = { id: file ? `${file}::${name}` : name, name, status };
    if (file) result.file = file;
    if (message) result.message = message;
    tests.push(result);
  };
  let lastTapIndent = -1;
  for (const line of lines) {
    let m = PYTEST_SUMMARY_LINE.exec(line) ?? PYTEST_VERBOSE_LINE.exec(line);
    if (m) {
      const [word, nodeId, message] = m[1]!.includes('::') ? [m[2]!, m[1]!, undefined] : [m[1]!, m[2]!, m[3]];
      if (nodeId.includes('::')) {
        const [file, ...rest] = nodeId.split('::');
        add(rest.join('::'), pytestStatus(word), file, message);
      }
      continue;
    }
    m = TAP_LINE.exec(line);
    if (m) {
      const indent = m[1]!.length;
      // A shallower line right after deeper ones closes a parent test: drop it.
      if (indent < lastTapIndent) {
        lastTapIndent = indent;
        continue;
      }
      lastTapIndent = indent;
      add(m[3]!, m[4] ? 'skipped' : m[2] === 'ok' ? 'passed' : 'failed');
      continue;
    }
    m = MARK_LINE.exec(line);
    // node's spec reporter heads its recap of failures with "✖ failing tests:".
    if (m && m[2] !== 'failing tests:') add(m[2]!, markStatus(m[1]!));
  }
  const counts = summaryCounts(lines);
  return counts ? { tests, counts } : { tests };
}
