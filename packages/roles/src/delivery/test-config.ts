/**
 * The implementer may change code, not how the tests run: a `test` script turned into `node -e 0`, a jest config
 * that skips the new files or a conftest that marks everything passed would make "green" mean nothing. Whole files
 * of test-runner configuration are denied by glob; in files that also hold other things (package.json,
 * pyproject.toml) only the test parts are compared with the commit the attempt started from.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Git } from '@eternia/git';

export const TEST_CONFIG_GLOBS: readonly string[] = [
  '**/jest.config.*',
  '**/vitest.config.*',
  '**/vitest.workspace.*',
  '**/.mocharc*',
  '**/karma.conf.*',
  '**/playwright.config.*',
  '**/pytest.ini',
  '**/conftest.py',
  '**/setup.cfg',
  '**/tox.ini',
  '**/.babelrc',
  '**/babel.config.*',
];

/** Why each touched file changes how tests run; empty when none does. */
export async function testConfigEdits(git: Git, workspace: string, baseSha: string, files: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    const name = path.posix.basename(file);
    if (name !== 'package.json' && name !== 'pyproject.toml') continue;
    const before = await git.fileAt(baseSha, file);
    const after = await readFile(path.join(workspace, file), 'utf8').catch(() => null);
    if (name === 'package.json') problems.push(...packageJsonEdits(file, before, after));
    else if (pytestSections(before) !== pytestSections(after)) problems.push(`${file}: the [tool.pytest…] sections changed`);
  }
  return problems;
}

function packageJsonEdits(file: string, before: string | null, after: string | null): string[] {
  const read = (text: string | null): Record<string, unknown> | null | 'invalid' => {
    if (text === null) return null;
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'invalid';
    } catch {
      return 'invalid';
    }
  };
  const old = read(before);
  const now = read(after);
  if (now === 'invalid') return [`${file}: not valid JSON after the patch`];
  const problems: string[] = [];
  for (const key of ['scripts', 'jest', 'mocha', 'ava', 'c8', 'nyc']) {
    const was = old && old !== 'invalid' ? JSON.stringify(old[key] ?? null) : 'null';
    const is = now ? JSON.stringify(now[key] ?? null) : 'null';
    if (was !== is) problems.push(`${file}: "${key}" changed`);
  }
  return problems;
}

/** The text of every `[tool.pytest…]` table, in order; '' when there is none. */
function pytestSections(text: string | null): string {
  if (text === null) return '';
  const out: string[] = [];
  let inside = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) inside = /^tool\.pytest(\.|$)/.test(header[1]!.replace(/["']/g, ''));
    if (inside) out.push(line.trimEnd());
  }
  return out.join('\n').trim();
}
