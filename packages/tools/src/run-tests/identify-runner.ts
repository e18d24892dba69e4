import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { parseCommand } from './parse-command.js';
import type { TestRunner } from './types.js';

export interface RunnerIdentity {
  /** The runner that really runs the tests; `npm` when a script wraps something unrecognised. */
  runner: TestRunner;
  /** npm runs a package.json script: extra arguments must follow `--`. */
  viaNpm: boolean;
  /** Report flags and file names may be appended (false for scripts like `tsc && node --test`). */
  canAppendArgs: boolean;
}

const NPM_TEST_ALIASES = new Set(['test', 't', 'tst']);

function bareName(token: string): string {
  return path.basename(token).replace(/\.(c|m)?js$|\.cmd$|\.exe$/i, '');
}

/** Which runner an argv starts, looking through launchers such as `npx`, `cross-env`, `python -m`. */
export function runnerOfArgv(argv: readonly string[]): TestRunner {
  const first = argv[0] ? bareName(argv[0]) : '';
  if (first === 'npm' && argv.some((t) => NPM_TEST_ALIASES.has(t) || t === 'run' || t === 'run-script')) return 'npm';
  for (let i = 0; i < argv.length; i++) {
    const name = bareName(argv[i]!);
    if (name === 'jest') return 'jest';
    if (name === 'vitest') return 'vitest';
    if (name === 'pytest' || name === 'py.test') return 'pytest';
    if (argv[i] === '-m' && argv[i + 1] === 'pytest') return 'pytest';
  }
  if ((first === 'node' || argv[0] === process.execPath) && argv.includes('--test')) return 'node-test';
  return 'custom';
}

/** The package.json script an `npm test` / `npm run <name>` argv runs. */
function npmScriptName(argv: readonly string[]): string | undefined {
  const words = argv.slice(1).filter((t) => !t.startsWith('-'));
  if (words.length === 0) return undefined;
  if (NPM_TEST_ALIASES.has(words[0]!)) return 'test';
  if ((words[0] === 'run' || words[0] === 'run-script') && words[1]) return words[1];
  return undefined;
}

/**
 * Identifies the runner behind a command. For `npm test`/`npm run x`, reads the script from the
 * workspace's package.json: a single simple command (`jest --ci`, `vitest run`) can take report flags
 * after `--`; `node --test` is recognised even inside compound scripts because its reporter is set
 * through NODE_OPTIONS.
 */
export async function identifyRunner(argv: readonly string[], workspace: string, where: string): Promise<RunnerIdentity> {
  const direct = runnerOfArgv(argv);
  if (direct !== 'npm') return { runner: direct, viaNpm: false, canAppendArgs: true };
  const scriptName = npmScriptName(argv);
  if (!scriptName) return { runner: 'npm', viaNpm: true, canAppendArgs: false };
  let scripts: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(await readFile(path.join(workspace, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    scripts = pkg.scripts ?? {};
  } catch (error) {
    throw new ConfigurationError(`runs npm script '${scriptName}' but package.json could not be read: ${(error as Error).message}`, where, {
      cause: error,
    });
  }
  const script = scripts[scriptName];
  if (typeof script !== 'string') throw new ConfigurationError(`runs npm script '${scriptName}', which package.json does not define`, where);
  let scriptArgv: string[] | undefined;
  try {
    scriptArgv = parseCommand(script.replace(/^(\s*[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, ''), `script '${scriptName}'`);
  } catch {
    scriptArgv = undefined;
  }
  if (scriptArgv) {
    const inner = runnerOfArgv(scriptArgv);
    if (inner !== 'npm' && inner !== 'custom') return { runner: inner, viaNpm: true, canAppendArgs: true };
    return { runner: 'npm', viaNpm: true, canAppendArgs: false };
  }
  if (/(^|[\s;&|(])node\s[^;&|]*--test(\s|$|=)/.test(script)) return { runner: 'node-test', viaNpm: true, canAppendArgs: false };
  return { runner: 'npm', viaNpm: true, canAppendArgs: false };
}
