import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/**
 * What GitHub downloads for `uses: eternia/agents/actions/<role>@<ref>` is the archive of the ref, less the paths
 * .gitattributes marks export-ignore. Whatever is left out must be nothing a job runs.
 */
describe('the archive a job downloads (git archive of HEAD)', () => {
  const listed = execFileSync('sh', ['-c', 'git archive --format=tar HEAD | tar -t'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const archived = new Set(listed.split('\n').filter((name) => name !== '' && !name.endsWith('/')));
  const tracked = git('ls-files', '-z').split('\0').filter(Boolean);

  test('holds every action.yml, every file of dist/ and the reusable workflows', () => {
    const needed = tracked.filter((f) => /(^|\/)action\.yml$/.test(f) || f.startsWith('dist/') || /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f));
    expect(needed.length).toBeGreaterThan(20);
    expect(needed.filter((f) => !archived.has(f))).toEqual([]);
  });

  test('holds the entry each action.yml runs', () => {
    const entries = tracked
      .filter((f) => /(^|\/)action\.yml$/.test(f))
      .flatMap((f) => {
        const runs = (parse(readFileSync(path.join(root, f), 'utf8')) as { runs?: Record<string, unknown> }).runs ?? {};
        return ['main', 'pre', 'post']
          .filter((k) => typeof runs[k] === 'string')
          .map((k) => path.posix.join(path.posix.dirname(f), runs[k] as string));
      });
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.filter((f) => !archived.has(path.posix.normalize(f)))).toEqual([]);
  });

  test('leaves out the tests, the test kit and the lockfile', () => {
    const leftIn = [...archived].filter((f) =>
      /^(test|examples|packages\/testkit)\/|^packages\/[^/]+\/test\/|^actions\/[^/]+\/test\/|^package-lock\.json$/.test(f),
    );
    expect(leftIn).toEqual([]);
  });
});
