import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { identifyRunner } from './identify-runner.js';
import type { DetectedTestCommand } from './types.js';

/** npm's placeholder script: `npm init` writes it, and it always fails. */
const NPM_PLACEHOLDER = /no test specified/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'vendor', '__pycache__', '.venv', 'venv', '.tox']);
const NODE_TEST_FILE = /(^test\.[cm]?js$)|(^test-.+\.[cm]?js$)|([.\-_]test\.[cm]?js$)/;
const PYTHON_TEST_FILE = /^test_.+\.py$|^.+_test\.py$/;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function anyExists(workspace: string, names: readonly string[]): Promise<boolean> {
  for (const name of names) if (await exists(path.join(workspace, name))) return true;
  return false;
}

/** Breadth-first, a few levels deep, skipping dependency and build folders: is there a file like this? */
async function findFile(workspace: string, matches: (name: string, inTestDir: boolean) => boolean, maxDepth = 4): Promise<boolean> {
  let level: Array<{ dir: string; inTestDir: boolean }> = [{ dir: workspace, inTestDir: false }];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { dir, inTestDir } of level) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.'))
            next.push({ dir: path.join(dir, entry.name), inTestDir: inTestDir || entry.name === 'test' });
        } else if (matches(entry.name, inTestDir)) {
          return true;
        }
      }
    }
    level = next;
  }
  return false;
}

const CONFIG_EXTENSIONS = ['ts', 'js', 'mjs', 'cjs', 'mts', 'cts', 'json'];
const configNames = (base: string): string[] => CONFIG_EXTENSIONS.map((ext) => `${base}.${ext}`);

function junitFromAddopts(text: string | undefined): string | undefined {
  const match = text ? /--junit-?xml[= ]([^\s"']+)/.exec(text) : null;
  return match ? match[1] : undefined;
}

/** pytest configuration in any of the files pytest reads, the JUnit file its addopts may name, and whether it sets `pythonpath`. */
async function pytestConfig(workspace: string): Promise<{ found: boolean; junitPath?: string; pythonpath: boolean }> {
  const pytestIni = await readText(path.join(workspace, 'pytest.ini'));
  const pyproject = await readText(path.join(workspace, 'pyproject.toml'));
  const setupCfg = await readText(path.join(workspace, 'setup.cfg'));
  const toxIni = await readText(path.join(workspace, 'tox.ini'));
  const sections = [
    pytestIni,
    pyproject && /^\[tool\.pytest\.ini_options\]/m.test(pyproject) ? pyproject : undefined,
    setupCfg && /^\[tool:pytest\]/m.test(setupCfg) ? setupCfg : undefined,
    toxIni && /^\[pytest\]/m.test(toxIni) ? toxIni : undefined,
  ].filter((s): s is string => s !== undefined);
  const found = sections.length > 0 || (await exists(path.join(workspace, 'conftest.py'))) || /\bpytest\b/.test(pyproject ?? '');
  const junitPath = sections.map(junitFromAddopts).find((p) => p !== undefined);
  // pytest 7+ puts its `pythonpath` setting on sys.path itself.
  const pythonpath = sections.some((text) => /^\s*pythonpath\s*=/m.test(text));
  return junitPath ? { found, junitPath, pythonpath } : { found, pythonpath };
}

/**
 * A src layout: `src/` holds a Python package or module, not the repository root. pytest run from the root would
 * import whatever copy is installed (or fail to import at all), not the code in the working tree.
 */
async function isSrcLayout(workspace: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(path.join(workspace, 'src'), { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.py')) return true;
    if (entry.isDirectory() && (await exists(path.join(workspace, 'src', entry.name, '__init__.py')))) return true;
  }
  return false;
}

/** `python3 -m pytest`, from the working tree: `PYTHONPATH=src` first for a src layout that pytest itself does not set up. */
async function pytestCommand(workspace: string, config: { junitPath?: string; pythonpath: boolean }): Promise<DetectedTestCommand> {
  const srcLayout = !config.pythonpath && (await isSrcLayout(workspace));
  return {
    runner: 'pytest',
    command: ['python3', '-m', 'pytest'],
    ...(config.junitPath ? { junitPath: config.junitPath } : {}),
    ...(srcLayout ? { env: { PYTHONPATH: 'src' } } : {}),
  };
}

/**
 * Works out how a repository runs its tests, in this order: package.json's `test` script (not npm's
 * placeholder) → vitest or jest (dependency or config file) → pytest configuration (pytest.ini,
 * pyproject's [tool.pytest.ini_options], setup.cfg, tox.ini, conftest.py) → node:test files → pytest
 * test files. pytest on a src layout gets `PYTHONPATH=src` unless its configuration sets `pythonpath`.
 * Returns null when nothing fits; the policy's `tests.command` then has to say.
 */
export async function detectTestCommand(workspace: string): Promise<DetectedTestCommand | null> {
  const pkgText = await readText(path.join(workspace, 'package.json'));
  let pkg:
    | { scripts?: Record<string, unknown>; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown>; jest?: unknown }
    | undefined;
  if (pkgText !== undefined) {
    try {
      pkg = JSON.parse(pkgText) as typeof pkg;
    } catch (error) {
      throw new ConfigurationError(`is not valid JSON: ${(error as Error).message}`, `file 'package.json' in ${workspace}`, { cause: error });
    }
  }
  if (pkg) {
    const script = pkg.scripts?.['test'];
    if (typeof script === 'string' && script.trim() && !NPM_PLACEHOLDER.test(script)) {
      const command = ['npm', 'test'];
      const identity = await identifyRunner(command, workspace, "file 'package.json'");
      return { runner: identity.runner, command };
    }
    const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
    if ('vitest' in deps || (await anyExists(workspace, [...configNames('vitest.config'), ...configNames('vitest.workspace')]))) {
      return { runner: 'vitest', command: ['npx', '--no', 'vitest', 'run'] };
    }
    if ('jest' in deps || pkg.jest !== undefined || (await anyExists(workspace, configNames('jest.config')))) {
      return { runner: 'jest', command: ['npx', '--no', 'jest'] };
    }
  }
  const pytest = await pytestConfig(workspace);
  if (pytest.found) return pytestCommand(workspace, pytest);
  if (await findFile(workspace, (name, inTestDir) => NODE_TEST_FILE.test(name) || (inTestDir && /\.[cm]?js$/.test(name)))) {
    return { runner: 'node-test', command: ['node', '--test'] };
  }
  if (await findFile(workspace, (name) => PYTHON_TEST_FILE.test(name))) return pytestCommand(workspace, pytest);
  return null;
}
