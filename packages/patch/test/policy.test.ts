import { describe, test, expect, afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPatch, DEFAULT_DENY, type PatchPolicy } from '../src/index.js';
import { numberedFile, tempWorkspace, type TempWorkspace } from './temp-workspace.js';

let ws: TempWorkspace | undefined;
const extra: string[] = [];
afterEach(() => {
  ws?.cleanup();
  for (const d of extra.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const edit = (p: string) => `--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n-a\n+b\n`;
const create = (p: string) => `--- /dev/null\n+++ b/${p}\n@@ -0,0 +1 @@\n+b\n`;

async function reasons(files: Record<string, string>, patch: string, policy?: Partial<PatchPolicy>) {
  ws = tempWorkspace(files);
  const before = ws.tree();
  const r = await applyPatch({ cwd: ws.dir, patch, policy });
  if (!r.ok) expect(ws.tree()).toEqual(before); // a refusal never writes
  return r.ok ? [] : r.refusals.map((x) => x.reason);
}

describe('paths', () => {
  test('absolute paths and ".." leave the workspace', async () => {
    expect(await reasons({}, create('/etc/evil'))).toEqual(['outside-workspace']);
    expect(await reasons({ a: 'a\n' }, '--- a/../a\n+++ b/../a\n@@ -1 +1 @@\n-a\n+b\n')).toEqual(['outside-workspace']);
    expect(await reasons({}, create('src/../../x'))).toEqual(['outside-workspace']);
  });

  test('a symlinked folder that leads outside the workspace is refused', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-outside-'));
    extra.push(outside);
    fs.writeFileSync(path.join(outside, 'victim.txt'), 'a\n');
    ws = tempWorkspace({});
    fs.symlinkSync(outside, path.join(ws.dir, 'link'));
    const r1 = await applyPatch({ cwd: ws.dir, patch: edit('link/victim.txt') });
    const r2 = await applyPatch({ cwd: ws.dir, patch: create('link/new.txt') });
    expect([r1, r2].map((r) => !r.ok && r.refusals[0]?.reason)).toEqual(['outside-workspace', 'outside-workspace']);
    expect(fs.readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('a\n');
    expect(fs.readdirSync(outside)).toEqual(['victim.txt']);
  });

  test('a symlink inside the workspace into a denied folder is denied', async () => {
    ws = tempWorkspace({ '.github/workflows/ci.yml': 'a\n' });
    fs.symlinkSync(path.join(ws.dir, '.github/workflows'), path.join(ws.dir, 'wf'));
    const r = await applyPatch({ cwd: ws.dir, patch: edit('wf/ci.yml') });
    expect(!r.ok && r.refusals[0]?.reason).toBe('denied-path');
    expect(ws.read('.github/workflows/ci.yml')).toBe('a\n');
  });

  test('default denials: workflows, .git, secrets files, case-insensitively', async () => {
    for (const p of [
      '.github/workflows/ci.yml',
      '.git/config',
      '.GIT/hooks/pre-commit',
      'sub/.git/HEAD',
      '.env',
      'config/.env.production',
      'certs/server.pem',
      'k/id_rsa',
      'deploy.key',
      'repo_atlas.json',
      'REPO_ATLAS.json',
    ]) {
      expect([p, await reasons({ [p]: 'a\n' }, edit(p))]).toEqual([p, ['denied-path']]);
      ws?.cleanup();
    }
    expect(await reasons({ '.env.example': 'a\n' }, edit('.env.example'))).toEqual([]);
    expect(DEFAULT_DENY).toContain('.github/workflows/**');
  });

  test('caller denials add to the defaults; allow globs restrict', async () => {
    expect(await reasons({ 'src/a.ts': 'a\n' }, edit('src/a.ts'), { deny: ['src/**'] })).toEqual(['denied-path']);
    ws?.cleanup();
    expect(await reasons({ '.github/workflows/x.yml': 'a\n' }, edit('.github/workflows/x.yml'), { deny: [] })).toEqual(['denied-path']);
    ws?.cleanup();
    expect(await reasons({ 'docs/a.md': 'a\n' }, edit('docs/a.md'), { allow: ['src/**'] })).toEqual(['denied-path']);
    ws?.cleanup();
    expect(await reasons({ 'src/a.ts': 'a\n' }, edit('src/a.ts'), { allow: ['src/**'] })).toEqual([]);
  });

  test('tests-only mode: every touched path must be a test', async () => {
    const policy = { testsOnly: ['**/*.test.ts', 'test/**'] };
    expect(await reasons({ 'src/a.ts': 'a\n' }, edit('src/a.ts'), policy)).toEqual(['tests-only']);
    ws?.cleanup();
    expect(await reasons({ 'src/a.test.ts': 'a\n' }, edit('src/a.test.ts') + create('test/new.ts'), policy)).toEqual([]);
  });

  test('a rename is checked on both paths', async () => {
    const patch = 'diff --git a/a.txt b/.github/workflows/a.yml\nrename from a.txt\nrename to .github/workflows/a.yml\n';
    expect(await reasons({ 'a.txt': 'a\n' }, patch)).toEqual(['denied-path']);
  });

  test('bad policy values are rejected with the key named', async () => {
    ws = tempWorkspace({});
    await expect(applyPatch({ cwd: ws.dir, patch: '', policy: { maxFiles: -1 } })).rejects.toThrow('maxFiles');
    await expect(applyPatch({ cwd: ws.dir, patch: '', policy: { allow: 'src/**' as unknown as string[] } })).rejects.toThrow('"allow"');
    await expect(applyPatch({ cwd: ws.dir, patch: '', policy: { shownInPart: [''] } })).rejects.toThrow(
      '"shownInPart" must be an array of non-empty paths',
    );
    await expect(applyPatch({ cwd: path.join(ws.dir, 'missing'), patch: '' })).rejects.toThrow('does not exist');
  });
});

describe('limits', () => {
  const big = numberedFile(20);
  const removeTen = '--- a/f.txt\n+++ b/f.txt\n@@ -1,10 +0,0 @@\n' + Array.from({ length: 10 }, (_, i) => `-line ${i + 1}\n`).join('');

  test('too many changed lines or files', async () => {
    expect(await reasons({ 'f.txt': big }, removeTen, { maxChangedLines: 9 })).toEqual(['too-large']);
    ws?.cleanup();
    expect(await reasons({ 'f.txt': big }, removeTen, { maxChangedLines: 10 })).toEqual([]);
    ws?.cleanup();
    expect(await reasons({}, create('a') + create('b') + create('c'), { maxFiles: 2 })).toEqual(['too-large']);
  });

  test('mass deletion: removed lines and deleted files', async () => {
    expect(await reasons({ 'f.txt': big }, removeTen, { maxDeletedLines: 5 })).toEqual(['mass-deletion']);
    ws?.cleanup();
    const del = (p: string) => `diff --git a/${p} b/${p}\ndeleted file mode 100644\n`;
    expect(await reasons({ a: 'x\n', b: 'y\n' }, del('a') + del('b'), { maxDeletedFiles: 1 })).toEqual(['mass-deletion']);
    ws?.cleanup();
    // a deletion without hunks counts the file's lines
    expect(await reasons({ a: big }, del('a'), { maxDeletedLines: 19 })).toEqual(['mass-deletion']);
  });
});
