/**
 * pytest writes test paths relative to its rootdir: the folder of the pytest.ini (pyproject.toml, setup.cfg, tox.ini)
 * it found, which need not be the repository root (`python3 -m pytest backend` with `backend/pytest.ini`). The roles
 * compare test files with the files a patch wrote, so paths are mapped back to the workspace here.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TestCaseResult } from './types.js';

const CONFIG_FILES = new Set(['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '.tox', '__pycache__', 'dist', 'build', 'site-packages']);

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/** The rootdir pytest printed in its header (`rootdir: /abs/path`, optionally `, configfile: …` on the same line). */
export function rootdirFromOutput(output: string): string | undefined {
  const match = /^rootdir: (.+)$/m.exec(output);
  return match ? match[1]!.split(/, (?:configfile|inifile|testpaths|plugins): /)[0]!.trim() : undefined;
}

/** Folders (relative, posix) under the workspace holding a file pytest reads its configuration from; a few levels deep. */
async function configFolders(workspace: string, maxDepth = 3): Promise<string[]> {
  const found: string[] = [];
  let level = [''];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      const entries = await readdir(path.join(workspace, rel), { withFileTypes: true }).catch(() => []);
      if (rel && entries.some((e) => e.isFile() && CONFIG_FILES.has(e.name))) found.push(rel);
      for (const e of entries) if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) next.push(rel ? `${rel}/${e.name}` : e.name);
    }
    level = next;
  }
  return found;
}

/**
 * Test files that do not exist relative to the workspace are looked up under pytest's rootdir (from its header), else
 * under each subfolder with pytest configuration; the file and the id's file part are rewritten when one holds it.
 */
export async function mapPytestPaths(tests: TestCaseResult[], workspace: string, output: string, notes: string[]): Promise<TestCaseResult[]> {
  const missing = new Set<string>();
  for (const t of tests) if (t.file && !(await isFile(path.join(workspace, t.file)))) missing.add(t.file);
  if (missing.size === 0) return tests;

  const printed = rootdirFromOutput(output);
  const relativeRoot = printed ? path.relative(workspace, path.resolve(workspace, printed)).split(path.sep).join('/') : undefined;
  const candidates =
    relativeRoot !== undefined && relativeRoot !== '' && !relativeRoot.startsWith('..') ? [relativeRoot] : await configFolders(workspace);
  const mapped = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const file of missing) {
    for (const prefix of candidates) {
      if (await isFile(path.join(workspace, prefix, file))) {
        mapped.set(file, `${prefix}/${file}`);
        prefixes.add(`${prefix}/`);
        break;
      }
    }
  }
  if (mapped.size === 0) return tests;
  notes.push(`pytest reported test paths relative to its rootdir (${[...prefixes].join(', ')}); mapped to repository paths`);
  return tests.map((t) => {
    const to = t.file ? mapped.get(t.file) : undefined;
    if (!to || !t.file) return t;
    const id = t.id.startsWith(`${t.file}::`) ? `${to}${t.id.slice(t.file.length)}` : t.id;
    return { ...t, file: to, id };
  });
}
