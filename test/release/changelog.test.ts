import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compareVersions, parseVersion, prependSection, renderSection, sectionOf } from '../../scripts/release/changelog.mjs';

const notesScript = path.resolve('scripts/release/notes.mjs');

describe('release changelog', () => {
  test('a section groups conventional subjects and keeps the others as changes', () => {
    const section = renderSection('1.2.0', '2026-12-02', ['feat(review): post one review', 'fix: a crash', 'docs: ADRs', 'Atlas: faster']);
    expect(section).toBe(
      [
        '## [1.2.0] - 2026-12-02',
        '',
        '### Features',
        '',
        '- post one review',
        '',
        '### Fixes',
        '',
        '- a crash',
        '',
        '### Documentation',
        '',
        '- ADRs',
        '',
        '### Changes',
        '',
        '- Atlas: faster',
        '',
      ].join('\n'),
    );
  });

  test('sections go newest first and each can be read back as release notes', () => {
    const first = prependSection(null, renderSection('1.0.0', '2026-12-01', ['Atlas: first']));
    const both = prependSection(first, renderSection('1.1.0', '2026-12-02', ['fix: second']));
    expect(both.indexOf('## [1.1.0]')).toBeLessThan(both.indexOf('## [1.0.0]'));
    expect(both.startsWith('# Changelog')).toBe(true);
    expect(sectionOf(both, '1.0.0')).toBe('### Changes\n\n- Atlas: first');
    expect(sectionOf(both, '1.1.0')).toBe('### Fixes\n\n- second');
    expect(sectionOf(both, '2.0.0')).toBeNull();
  });

  test('semver order: pre-releases sort before their release, numbers compare as numbers', () => {
    expect(parseVersion('1.0')).toBeNull();
    expect(parseVersion('v1.0.0')).toBeNull();
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(() => compareVersions('1', '1.0.0')).toThrow(/not a semver version: 1/);
  });

  test('the release notes script refuses a tag without a CHANGELOG section, naming the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'notes-'));
    await writeFile(path.join(dir, 'CHANGELOG.md'), prependSection(null, renderSection('1.0.0', '2026-12-01', ['fix: one'])));
    const run = (tag: string) => promisify(execFile)(process.execPath, [notesScript, tag], { cwd: dir });
    await expect(run('v1.0.0')).resolves.toMatchObject({ stdout: '### Fixes\n\n- one\n' });
    await expect(run('v1.1.0')).rejects.toMatchObject({ stderr: expect.stringMatching(/CHANGELOG\.md has no '## \[1\.1\.0\]' section/) });
    await expect(run('latest')).rejects.toMatchObject({ stderr: expect.stringMatching(/'latest' is not a release tag/) });
  });
});
