import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NODE_REPORTER_SOURCE } from './node-reporter.js';
import type { RunnerIdentity } from './identify-runner.js';

export type ReportKind = 'junit' | 'jest-json' | 'node-reporter';

export interface InstrumentedCommand {
  argv: string[];
  /** Added to the test environment (NODE_OPTIONS for node:test). */
  env: Record<string, string>;
  report?: { kind: ReportKind; path: string };
  notes: string[];
}

/** NODE_OPTIONS accepts double-quoted values; paths from mkdtemp have no quotes in them. */
function nodeOption(name: string, value: string): string {
  return /[\s"]/.test(value) ? `${name}="${value}"` : `${name}=${value}`;
}

/**
 * Adds the flags that make a runner write a machine-readable report into `reportDir`, and the
 * files of `only` where the runner takes them:
 * jest `--json --outputFile --testLocationInResults` (jest-junit may not be installed),
 * vitest `--reporter=junit --outputFile.junit` (plus the default reporter for the log),
 * pytest `--junitxml` in the xunit1 family (it has file and line) and no cache directory in the tree,
 * node:test a reporter through NODE_OPTIONS (which also reaches `node --test` inside npm scripts).
 * Through npm, flags go after `--`.
 */
export async function instrumentCommand(
  argv: readonly string[],
  identity: RunnerIdentity,
  reportDir: string,
  only: readonly string[] | undefined,
  baseNodeOptions: string | undefined,
): Promise<InstrumentedCommand> {
  const notes: string[] = [];
  const extra: string[] = [];
  const env: Record<string, string> = {};
  let report: InstrumentedCommand['report'];
  const files = only ?? [];

  switch (identity.runner) {
    case 'jest': {
      const file = path.join(reportDir, 'jest.json');
      extra.push('--json', `--outputFile=${file}`, '--testLocationInResults');
      if (files.length > 0) extra.push('--runTestsByPath', ...files);
      report = { kind: 'jest-json', path: file };
      break;
    }
    case 'vitest': {
      const file = path.join(reportDir, 'junit.xml');
      extra.push('--reporter=default', '--reporter=junit', `--outputFile.junit=${file}`, ...files);
      report = { kind: 'junit', path: file };
      break;
    }
    case 'pytest': {
      const file = path.join(reportDir, 'junit.xml');
      extra.push(`--junitxml=${file}`, '-o', 'junit_family=xunit1', '-p', 'no:cacheprovider', ...files);
      report = { kind: 'junit', path: file };
      break;
    }
    case 'node-test': {
      const reporter = path.join(reportDir, 'node-reporter.mjs');
      const file = path.join(reportDir, 'node-tests.ndjson');
      await writeFile(reporter, NODE_REPORTER_SOURCE);
      const ours = [
        nodeOption('--test-reporter', reporter),
        nodeOption('--test-reporter-destination', file),
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
      ].join(' ');
      env['NODE_OPTIONS'] = baseNodeOptions ? `${baseNodeOptions} ${ours}` : ours;
      extra.push(...files);
      report = { kind: 'node-reporter', path: file };
      break;
    }
    default:
      if (files.length > 0) notes.push(`runner '${identity.runner}' cannot be limited to files; ran every test instead of: ${files.join(', ')}`);
      notes.push(`no report file for runner '${identity.runner}'; results read from the output`);
      return { argv: [...argv], env, notes };
  }

  if (extra.length === 0) return { argv: [...argv], env, report, notes };
  if (!identity.canAppendArgs) {
    if (files.length > 0) notes.push(`the npm script cannot take file names; ran every test instead of: ${files.join(', ')}`);
    const result: InstrumentedCommand = { argv: [...argv], env, notes };
    if (identity.runner === 'node-test') result.report = report;
    return result;
  }
  const separator = identity.viaNpm && !argv.includes('--') ? ['--'] : [];
  return { argv: [...argv, ...separator, ...extra], env, report, notes };
}
