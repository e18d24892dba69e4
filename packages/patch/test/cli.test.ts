import { describe, test, expect, afterEach } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { main, type CliIo } from '../src/index.js';
import { tempWorkspace, type TempWorkspace } from './temp-workspace.js';

let ws: TempWorkspace | undefined;
afterEach(() => ws?.cleanup());

function io(stdin = ''): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t), readStdin: async () => stdin };
  return o;
}

const PATCH = '--- a/f.txt\n+++ b/f.txt\n@@ -1 +1 @@\n-a\n+b\n';

describe('apply-patch CLI', () => {
  test('applies a patch file: exit 0 and a summary', async () => {
    ws = tempWorkspace({ 'f.txt': 'a\n' });
    const file = path.join(ws.dir, '..', `${path.basename(ws.dir)}.diff`);
    fs.writeFileSync(file, PATCH);
    const o = io();
    try {
      expect(await main(['apply-patch', '--cwd', ws.dir, '--patch', file], o)).toBe(0);
    } finally {
      fs.rmSync(file);
    }
    expect(ws.read('f.txt')).toBe('b\n');
    expect(o.out).toContain('applied: modify f.txt (+1 -1; exact)');
  });

  test('--patch - reads stdin; --check writes nothing; --json prints the report', async () => {
    ws = tempWorkspace({ 'f.txt': 'a\n' });
    const o = io(PATCH);
    expect(await main(['apply-patch', '--cwd', ws.dir, '--patch', '-', '--check', '--json'], o)).toBe(0);
    expect(JSON.parse(o.out)).toMatchObject({ ok: true, checked: true, files: [{ path: 'f.txt', action: 'modify' }] });
    expect(ws.read('f.txt')).toBe('a\n');
  });

  test('a refusal exits 1 and explains itself on stderr (or in JSON)', async () => {
    ws = tempWorkspace({ 'f.txt': 'zzz\n' });
    const o = io(PATCH);
    expect(await main(['apply-patch', '--cwd', ws.dir, '--patch', '-'], o)).toBe(1);
    expect(o.err).toContain('[not-found] f.txt, hunk 1');
    const j = io(PATCH);
    expect(await main(['apply-patch', '--cwd', ws.dir, '--patch', '-', '--json'], j)).toBe(1);
    expect(JSON.parse(j.out).refusals[0].reason).toBe('not-found');
  });

  test('policy flags reach the engine', async () => {
    ws = tempWorkspace({ 'f.txt': 'a\n' });
    const o = io(PATCH);
    expect(await main(['apply-patch', '--cwd', ws.dir, '--patch', '-', '--tests-only', 'test/**'], o)).toBe(1);
    expect(o.err).toContain('[tests-only]');
  });

  test('a non-UTF-8 (latin1) file and its raw-byte patch keep their bytes', async () => {
    ws = tempWorkspace({});
    fs.writeFileSync(path.join(ws.dir, 'l1.txt'), Buffer.from('caf\xe9\nb\n', 'latin1'));
    const file = path.join(ws.dir, '..', `${path.basename(ws.dir)}-l1.diff`);
    fs.writeFileSync(file, Buffer.from('--- a/l1.txt\n+++ b/l1.txt\n@@ -1,2 +1,2 @@\n caf\xe9\n-b\n+na\xefve\n', 'latin1'));
    try {
      expect(await main(['apply-patch', '--cwd', ws.dir, '--patch', file], io())).toBe(0);
    } finally {
      fs.rmSync(file);
    }
    expect(fs.readFileSync(path.join(ws.dir, 'l1.txt'))).toEqual(Buffer.from('caf\xe9\nna\xefve\n', 'latin1'));
  });

  test('usage errors exit 2 and name the problem', async () => {
    const cases: [string[], string][] = [
      [[], '--cwd is required'],
      [['apply-patch', '--cwd', '/tmp'], '--patch is required'],
      [['apply-patch', '--cwd', '/tmp', '--patch', '/nonexistent/p.diff'], 'cannot read --patch'],
      [['apply-patch', '--bogus'], 'unknown option "--bogus"'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['apply-patch', '--cwd', '/nonexistent-dir-xyz', '--patch', '-'], 'does not exist'],
      [['apply-patch', '--cwd', '/tmp', '--patch', '-', '--max-files', 'many'], '--max-files must be a non-negative integer'],
    ];
    for (const [argv, message] of cases) {
      const o = io(PATCH);
      expect([argv, await main(argv, o)]).toEqual([argv, 2]);
      expect(o.err).toContain(message);
    }
  });
});
