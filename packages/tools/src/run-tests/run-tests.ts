import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, redactSecrets, secretValuesFromEnv } from '@eternia/core';
import { detectTestCommand } from './detect-test-command.js';
import { findJUnitReports } from './find-junit-reports.js';
import { identifyRunner } from './identify-runner.js';
import { instrumentCommand, type InstrumentedCommand } from './instrument-command.js';
import { parseJestJson } from './jest-json.js';
import { parseJUnitXml } from './junit-xml.js';
import { parseNodeReport } from './node-reporter.js';
import { parseCommand } from './parse-command.js';
import { runProcess, type ProcessOutcome } from './run-process.js';
import type { Sandbox } from '../sandbox/types.js';
import { parseTestStdout } from './stdout-patterns.js';
import { buildTestEnv } from './test-env.js';
import { mapPytestPaths } from './pytest-rootdir.js';
import type { TestCaseResult, TestReportSource, TestRunResult, TestRunStatus } from './types.js';

/** Where the test command is configured, for error messages. */
export const TESTS_COMMAND_KEY = "key 'tests.command' in .github/agents.yml";

export interface RunTestsOptions {
  workspace: string;
  /** From policy; split into argv without a shell. Detected from the workspace when absent. */
  command?: string;
  timeoutMs: number;
  /** Environment names (or `PREFIX*`) passed from baseEnv, on top of PATH, HOME, TMPDIR and the like. */
  envAllow: string[];
  /** Defaults to process.env. */
  baseEnv?: Record<string, string | undefined>;
  /** Test files to run, relative to the workspace, when the runner supports it. */
  only?: string[];
  /**
   * Glob (relative to the workspace) of JUnit files the command writes itself, policy `tests.junit`;
   * read when the runner could not be given a report of ours (a custom command, a compound npm script).
   */
  junit?: string;
  /**
   * Variables of the test command (policy `tests.env`), literal, on top of the allow-listed ones; they win over
   * detected ones. The allow-list still decides what passes from `baseEnv`.
   */
  env?: Readonly<Record<string, string>>;
  /** Characters of output kept in the result (the tail). Default 20 000. */
  outputLimit?: number;
  /** Between SIGTERM and SIGKILL on timeout. Default 2 000 ms. */
  killGraceMs?: number;
  /** Runs the command there (as another user, in its own namespaces) instead of as our child. */
  sandbox?: Sandbox;
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const NO_TESTS = /no tests? (?:found|ran|collected)|no test files found|collected 0 items/i;

function checkOnly(only: readonly string[], workspace: string): void {
  for (const file of only) {
    const resolved = path.resolve(workspace, file);
    const inside = resolved === workspace || resolved.startsWith(workspace + path.sep);
    if (!file || file.startsWith('-') || path.isAbsolute(file) || !inside) {
      throw new ConfigurationError(`test file ${JSON.stringify(file)} must be a relative path inside the workspace`, "runTests option 'only'");
    }
  }
}

async function readReport(instrumented: InstrumentedCommand, workspace: string, notes: string[]): Promise<TestCaseResult[] | undefined> {
  const report = instrumented.report;
  if (!report) return undefined;
  let text: string;
  try {
    text = await readFile(report.path, 'utf8');
  } catch {
    notes.push(`the runner wrote no ${report.kind} report; results read from the output`);
    return undefined;
  }
  try {
    if (report.kind === 'jest-json') return parseJestJson(text, workspace);
    if (report.kind === 'node-reporter') return parseNodeReport(text, workspace);
    return parseJUnitXml(text, { workspace });
  } catch (error) {
    notes.push(`the ${report.kind} report could not be read (${(error as Error).message}); results read from the output`);
    return undefined;
  }
}

/** A detected PYTHONPATH goes first; one the job already passes (env-allow) stays after it. */
function withInheritedPaths(detected: Record<string, string>, allowed: Readonly<Record<string, string>>): Record<string, string> {
  const out = { ...detected };
  const inherited = allowed['PYTHONPATH'];
  if (out['PYTHONPATH'] && inherited) out['PYTHONPATH'] = `${out['PYTHONPATH']}${path.delimiter}${inherited}`;
  return out;
}

/** The project's own JUnit files (policy `tests.junit`), when it writes some. */
async function readOwnJUnit(workspace: string, glob: string, since: number, notes: string[]): Promise<TestCaseResult[] | undefined> {
  const files = await findJUnitReports(workspace, glob, since);
  if (files.length === 0) {
    notes.push(`no JUnit file matching ${JSON.stringify(glob)} was written by this run`);
    return undefined;
  }
  const tests: TestCaseResult[] = [];
  for (const file of files) {
    try {
      tests.push(...parseJUnitXml(await readFile(file, 'utf8'), { workspace }));
    } catch (error) {
      notes.push(`${path.relative(workspace, file)}: ${(error as Error).message}`);
    }
  }
  return tests;
}

function decideStatus(run: ProcessOutcome, summary: TestRunResult['summary'], recognised: boolean, runnerIsPytest: boolean): TestRunStatus {
  if (run.timedOut) return 'timeout';
  if (run.spawnError) return 'error';
  if (summary.failed > 0) return 'failed';
  const ranSome = summary.passed + summary.skipped > 0;
  if (!ranSome && (NO_TESTS.test(run.output) || (runnerIsPytest && run.exitCode === 5))) return 'no-tests';
  if (run.exitCode !== 0) return 'error';
  // A clean exit with a report (or summary line) listing nothing ran no tests; a clean exit whose
  // output we simply could not read is the command's own word that the tests passed.
  if (!ranSome && recognised) return 'no-tests';
  return 'passed';
}

/**
 * Runs the repository's tests and returns per-test results. The command comes from policy or
 * detection; it runs without a shell, in its own process group, with an allow-listed environment,
 * and is killed with its whole group at the timeout. With `sandbox` it runs there instead (another
 * OS user, its own namespaces; see openSandbox), the report directory made writable to it.
 * Results come from a report the runner writes (jest JSON, JUnit XML, a node:test reporter) or,
 * failing that, from patterns in its output.
 * A missing command that cannot be detected is a ConfigurationError naming `tests.command`.
 */
export async function runTests(options: RunTestsOptions): Promise<TestRunResult> {
  const workspace = path.resolve(options.workspace);
  const info = await stat(workspace).catch(() => undefined);
  if (!info?.isDirectory()) throw new ConfigurationError(`${workspace} is not a directory`, "runTests option 'workspace'");
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new ConfigurationError(`must be a positive number of milliseconds, got ${options.timeoutMs}`, "runTests option 'timeoutMs'");
  }
  let argv: string[];
  let junitGlob = options.junit ?? undefined;
  let detectedEnv: Record<string, string> = {};
  if (options.command !== undefined) {
    argv = parseCommand(options.command, TESTS_COMMAND_KEY);
  } else {
    const detected = await detectTestCommand(workspace);
    if (!detected) {
      throw new ConfigurationError(
        'no test command is configured and none could be detected (looked for a package.json test script, vitest, jest, pytest configuration, node:test and pytest files); set it',
        TESTS_COMMAND_KEY,
      );
    }
    argv = detected.command;
    junitGlob ??= detected.junitPath;
    detectedEnv = detected.env ?? {};
  }
  const only = options.only && options.only.length > 0 ? options.only : undefined;
  if (only) checkOnly(only, workspace);

  const baseEnv = options.baseEnv ?? process.env;
  const secrets = secretValuesFromEnv(baseEnv);
  const scrub = (text: string): string => redactSecrets(text.replace(ANSI, ''), secrets);
  const identity = await identifyRunner(argv, workspace, TESTS_COMMAND_KEY);
  const reportDir = await mkdtemp(path.join(os.tmpdir(), 'eternia-tests-'));
  try {
    const allowed = buildTestEnv(options.envAllow, baseEnv);
    const env = { ...allowed, ...withInheritedPaths(detectedEnv, allowed), ...(options.env ?? {}) };
    const instrumented = await instrumentCommand(argv, identity, reportDir, only, env['NODE_OPTIONS']);
    const notes = [...instrumented.notes];
    const started = Date.now();
    const processOptions = {
      cwd: workspace,
      env: { ...env, ...instrumented.env },
      timeoutMs: options.timeoutMs,
      killGraceMs: options.killGraceMs ?? 2000,
    };
    // In a sandbox the runner writes its report as the sandbox user; ownership comes back afterwards.
    const run = options.sandbox
      ? await options.sandbox.run(instrumented.argv, { ...processOptions, writable: [reportDir] })
      : await runProcess(instrumented.argv, processOptions);
    const cleanOutput = scrub(run.output);

    let source: TestReportSource = 'stdout';
    let tests = await readReport(instrumented, workspace, notes);
    let counts: TestRunResult['summary'] | undefined;
    if (tests) {
      source = instrumented.report!.kind;
    } else if (junitGlob && (tests = await readOwnJUnit(workspace, junitGlob, started, notes))) {
      source = 'junit';
    } else {
      const parsed = parseTestStdout(cleanOutput);
      tests = parsed.tests;
      counts = parsed.counts;
    }
    tests = tests.map((t) => (t.message === undefined ? t : { ...t, message: scrub(t.message) }));
    if (identity.runner === 'pytest') tests = await mapPytestPaths(tests, workspace, cleanOutput, notes);
    const summary = {
      passed: tests.filter((t) => t.status === 'passed').length,
      failed: tests.filter((t) => t.status === 'failed').length,
      skipped: tests.filter((t) => t.status === 'skipped').length,
    };
    const finalSummary = tests.length === 0 && counts ? counts : summary;
    const recognised = source !== 'stdout' || tests.length > 0 || counts !== undefined;
    const status = decideStatus(run, finalSummary, recognised, identity.runner === 'pytest');
    if (!recognised) notes.push('no per-test results could be read from the output; the status follows the exit code');
    if (run.spawnError) notes.push(`could not start ${JSON.stringify(argv[0])}: ${run.spawnError.message}`);
    if (run.timedOut) notes.push(`killed after ${options.timeoutMs} ms`);

    const limit = options.outputLimit ?? 20_000;
    const omitted = run.droppedChars + Math.max(0, cleanOutput.length - limit);
    const output = omitted > 0 ? `…[${omitted} earlier characters omitted]\n${cleanOutput.slice(-limit)}` : cleanOutput;
    return {
      status,
      runner: identity.runner,
      command: argv,
      exitCode: run.exitCode,
      durationMs: run.durationMs,
      tests,
      summary: finalSummary,
      output,
      source,
      notes,
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}
