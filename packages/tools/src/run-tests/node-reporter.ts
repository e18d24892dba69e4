import path from 'node:path';
import { failureLine } from './failure-location.js';
import type { TestCaseResult } from './types.js';

/**
 * A node:test reporter, written to a temporary file and loaded with `--test-reporter`. Node 20's
 * JUnit reporter names no file for passing tests, so ids would change between a failing and a
 * passing run; this one writes one JSON line per finished leaf test with its file, line, suite path
 * and error. Plain JavaScript: it runs inside the project's own Node.
 */
export const NODE_REPORTER_SOURCE = `// eternia/agents: one JSON line per finished leaf test.
const stacks = new Map();
function describeError(error) {
  if (!error) return undefined;
  const cause = error.cause !== undefined && error.cause !== null ? error.cause : error;
  const message = typeof cause === 'object' && 'message' in cause ? String(cause.message) : String(cause);
  const stack = typeof cause === 'object' && cause.stack ? String(cause.stack) : undefined;
  return { message, stack, failureType: error.failureType };
}
export default async function* eterniaNodeReporter(source) {
  for await (const event of source) {
    const data = event.data || {};
    const key = data.file || '';
    let stack = stacks.get(key);
    if (!stack) { stack = []; stacks.set(key, stack); }
    if (event.type === 'test:start') {
      stack.length = data.nesting;
      if (data.nesting > 0 && stack[data.nesting - 1]) stack[data.nesting - 1].parent = true;
      stack[data.nesting] = { name: data.name, parent: false };
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      const own = stack[data.nesting];
      if (own && own.name === data.name && own.parent) continue;
      if (data.details && data.details.type === 'suite') continue;
      const names = stack.slice(0, data.nesting).map((s) => (s ? s.name : '?'));
      names.push(data.name);
      const skipped = Boolean(data.skip || data.todo);
      const status = skipped ? 'skipped' : event.type === 'test:fail' ? 'failed' : 'passed';
      const error = status === 'failed' ? describeError(data.details && data.details.error) : undefined;
      yield JSON.stringify({ status, names, file: data.file, line: data.line, error }) + '\\n';
    }
  }
}
`;

interface NodeReporterLine {
  status: 'passed' | 'failed' | 'skipped';
  names: string[];
  file?: string;
  line?: number;
  error?: { message: string; stack?: string };
}

/** Reads the reporter's JSON lines; `workspace` makes file names relative. */
export function parseNodeReport(text: string, workspace: string): TestCaseResult[] {
  const tests: TestCaseResult[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const entry = JSON.parse(raw) as NodeReporterLine;
    const abs = entry.file?.startsWith('file://') ? new URL(entry.file).pathname : entry.file;
    const file = abs ? path.relative(workspace, abs).split(path.sep).join('/') : undefined;
    const name = entry.names.join(' > ');
    const result: TestCaseResult = { id: file ? `${file}::${name}` : name, name, status: entry.status };
    if (file) result.file = file;
    const line = entry.status === 'failed' && abs ? (failureLine(entry.error?.stack ?? '', abs) ?? entry.line) : entry.line;
    if (line !== undefined) result.line = line;
    if (entry.error) result.message = entry.error.message.trim();
    tests.push(result);
  }
  return tests;
}
