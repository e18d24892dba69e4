/** Test runners the library knows how to instrument; `custom` is any other command (make test, cargo test…). */
export type TestRunner = 'jest' | 'vitest' | 'pytest' | 'node-test' | 'npm' | 'custom';

export interface DetectedTestCommand {
  /** The runner behind the command (`npm` when `npm test` wraps something unrecognised). */
  runner: TestRunner;
  /** argv, run without a shell in the workspace. */
  command: string[];
  /** A JUnit file the project itself configures (e.g. `--junitxml` in pytest addopts), relative to the workspace. */
  junitPath?: string;
  /** Variables the command needs: `PYTHONPATH=src` for a Python src layout, so the checked-out code is what is tested. */
  env?: Record<string, string>;
}

export interface TestCaseResult {
  /** `file::name` when the file is known, else `name`; stable between a failing and a passing run. */
  id: string;
  /** Suite path and title: `describe > test` for JavaScript runners, `Class::test` for pytest. */
  name: string;
  /** Relative to the workspace, with forward slashes. */
  file?: string;
  /** 1-based: where it failed in its file when known, else where the test is defined. */
  line?: number;
  status: 'passed' | 'failed' | 'skipped';
  message?: string;
}

export type TestRunStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'no-tests';

/** Where the per-test results came from: a report the runner wrote, or patterns in its output. */
export type TestReportSource = 'junit' | 'jest-json' | 'node-reporter' | 'stdout';

export interface TestRunResult {
  status: TestRunStatus;
  runner: TestRunner;
  command: string[];
  exitCode: number | null;
  durationMs: number;
  tests: TestCaseResult[];
  summary: { passed: number; failed: number; skipped: number };
  /** Tail of stdout and stderr, interleaved, without colour codes, secrets scrubbed. */
  output: string;
  source: TestReportSource;
  /** Things the caller should know: an `only` list that could not be applied, a missing report… */
  notes: string[];
}
