import { describe, expect, test, afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultStatCache, userCacheDir } from '../src/cli.js';
import { ATLAS_SCHEMA_VERSION, runAtlasCli } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

interface Io {
  out: string;
  err: string;
  stdout: (t: string) => void;
  stderr: (t: string) => void;
  cwd: string;
  clock?: () => number;
  cacheDir?: string;
}

function io(cwd: string, clock?: () => number, cacheDir?: string): Io {
  const o: Io = { out: '', err: '', cwd, stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  if (clock) o.clock = clock;
  if (cacheDir) o.cacheDir = cacheDir;
  return o;
}

const FILES = {
  'src/invoice.py': 'def render_invoice(order):\n    """Render an invoice as PDF."""\n    return order\n',
  'src/cart.ts': 'export function addToCart(item: string) {\n  return item;\n}\n',
};

describe('atlas CLI', () => {
  test('query on a plain directory (no .git, no atlas) builds in memory and prints ranked paths', async () => {
    tree = tempTree(FILES);
    const o = io(tree.dir);
    expect(await runAtlasCli(['query', 'render the invoice'], o)).toBe(0);
    expect(o.out.split('\n')[0]).toBe('src/invoice.py');
    expect(fs.existsSync(path.join(tree.dir, 'repo_atlas.json'))).toBe(false);
    const j = io('/');
    expect(await runAtlasCli(['query', 'add to cart', '--dir', tree.dir, '--json', '--budget', '500'], j)).toBe(0);
    expect(JSON.parse(j.out)[0]).toEqual({ path: 'src/cart.ts', score: expect.any(Number), symbols: ['addToCart'] });
  });

  test('build writes the atlas, a second build reuses it, and query reads it', async () => {
    tree = tempTree(FILES);
    const first = io(tree.dir);
    expect(await runAtlasCli(['build'], first)).toBe(0);
    expect(first.out).toContain('2 files (2 parsed, 0 reused)');
    const bytes = fs.readFileSync(path.join(tree.dir, 'repo_atlas.json'), 'utf8');
    const second = io(tree.dir);
    expect(await runAtlasCli(['build', '--dir', '.'], second)).toBe(0);
    expect(second.out).toContain('2 files (0 parsed, 2 reused)');
    expect(fs.readFileSync(path.join(tree.dir, 'repo_atlas.json'), 'utf8')).toBe(bytes);
    // The query uses the stored atlas: one edited by hand shows through.
    const edited = JSON.parse(bytes);
    edited.files.find((f: { path: string }) => f.path === 'src/invoice.py').path = 'src/renamed_invoice.py';
    fs.writeFileSync(path.join(tree.dir, 'repo_atlas.json'), JSON.stringify(edited));
    const q = io(tree.dir);
    expect(await runAtlasCli(['query', 'render invoice'], q)).toBe(0);
    expect(q.out.split('\n')[0]).toBe('src/renamed_invoice.py');
  });

  test('build keeps a stat cache (by default one per output in the user cache folder), so a rebuild reads only the changed files', async () => {
    tree = tempTree(FILES);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-atlas-cache-'));
    try {
      // The files are seconds old for this clock: not too recent to be remembered (stat-cache.ts).
      const later = () => Date.now() + 60_000;
      const out = path.join(tree.dir, 'repo_atlas.json');
      const first = io(tree.dir, later, cacheDir);
      expect(await runAtlasCli(['build'], first)).toBe(0);
      expect(first.out).toContain('2 files (2 parsed, 0 reused), 2 read');
      expect(fs.readdirSync(cacheDir)).toEqual([path.basename(defaultStatCache(out, cacheDir))]);
      tree.write('src/cart.ts', 'export function addToCart(item: string) {\n  return [item];\n}\n');
      const second = io(tree.dir, later, cacheDir);
      expect(await runAtlasCli(['build'], second)).toBe(0);
      expect(second.out).toContain('2 files (1 parsed, 1 reused), 1 read');
      // --stat-cache names the file instead; nothing is left in the tree either way.
      const named = path.join(cacheDir, 'named.stat');
      const third = io(tree.dir, later, cacheDir);
      expect(await runAtlasCli(['build', '--stat-cache', named], third)).toBe(0);
      expect(third.out).toContain('2 read');
      expect(fs.existsSync(named)).toBe(true);
      expect(fs.readdirSync(tree.dir).sort()).toEqual(['repo_atlas.json', 'src']);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test('the default cache folder is the user cache folder, never the shared temp folder', () => {
    const saved = process.env.XDG_CACHE_HOME;
    try {
      process.env.XDG_CACHE_HOME = '/home/someone/.xdg-cache';
      expect(userCacheDir()).toBe('/home/someone/.xdg-cache/eternia-atlas');
      delete process.env.XDG_CACHE_HOME;
      expect(userCacheDir()).toBe(path.join(os.homedir(), '.cache', 'eternia-atlas'));
      expect(path.dirname(defaultStatCache('/repo/repo_atlas.json'))).toBe(userCacheDir());
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  test('bad input: exit 2 and a message naming the flag or the file', async () => {
    tree = tempTree(FILES);
    const cases: Array<[string[], RegExp]> = [
      [['query', 'x', '--budget', '0'], /--budget must be a positive integer, got "0"/],
      [['query', 'x', '--budget', 'ten'], /--budget must be a positive integer/],
      [['query', 'x', '--dir', 'nope'], /--dir "nope" is not a directory/],
      [['query'], /query needs the TEXT/],
      [['query', 'x', '--budget'], /--budget needs a value/],
      [['query', 'x', '--frobnicate'], /unknown option "--frobnicate"/],
      [['query', 'x', '--atlas', 'missing.json'], /--atlas "missing.json" does not exist/],
      [['build', 'extra'], /unexpected argument "extra"/],
      [['build', '--jobs', '0'], /--jobs must be an integer from 1 to 64, got "0"/],
      [['build', '--jobs', 'all'], /--jobs must be an integer from 1 to 64, got "all"/],
      [['query', 'x', '--jobs', '65'], /--jobs must be an integer from 1 to 64, got "65"/],
      [['explode'], /unknown atlas command "explode"/],
    ];
    for (const [argv, message] of cases) {
      const o = io(tree.dir);
      expect(await runAtlasCli(argv, o)).toBe(2);
      expect(o.err).toMatch(message);
    }
    fs.writeFileSync(path.join(tree.dir, 'broken.json'), '{"schema": 99}');
    const o = io(tree.dir);
    expect(await runAtlasCli(['query', 'x', '--atlas', 'broken.json'], o)).toBe(2);
    expect(o.err).toContain(`${path.join(tree.dir, 'broken.json')}: not a repo atlas of schema ${ATLAS_SCHEMA_VERSION}: schema:`);
  });

  test('build over an unreadable previous atlas says so and builds from scratch', async () => {
    tree = tempTree({ ...FILES, 'repo_atlas.json': 'not json' });
    const o = io(tree.dir);
    expect(await runAtlasCli(['build'], o)).toBe(0);
    expect(o.err).toContain('repo_atlas.json: not valid JSON');
    expect(o.out).toContain('2 parsed');
  });
});
