#!/usr/bin/env node
// Benchmarks the patch engine against git apply, GNU patch and jsdiff on the patch corpus
// (../shared/patch-corpus/dev from the repository root, or $PATCH_CORPUS), in one run, on the
// same cases, and times a 5,000-line multi-file patch. Skips cleanly when the corpus is absent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as jsdiff from 'diff';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.PATCH_CORPUS ?? path.resolve(ROOT, '../shared/patch-corpus');
const SET = process.env.PATCH_SET ?? 'dev';
const setDir = path.join(CORPUS, SET);
const CATEGORY_ORDER = [
  'exact',
  'wrong_line_numbers',
  'wrong_counts',
  'no_line_numbers',
  'context_whitespace',
  'reduced_context',
  'elided_context',
  'path_variants',
  'crlf',
  'hunks_out_of_order',
  'missing_newline_marker',
  'new_file',
  'delete_file',
  'multi_file',
  'context_absent',
  'wrong_file',
  'ambiguous',
];

if (!fs.existsSync(setDir)) {
  console.log(`bench:patch: no patch corpus at ${setDir}; skipping (set PATCH_CORPUS to its folder).`);
  process.exit(0);
}
console.log(`bench:patch: corpus ${setDir}`);

// ---- the engine, bundled from TypeScript so it runs in this process -------------------------
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-patch-'));
process.on('exit', () => fs.rmSync(tmpRoot, { recursive: true, force: true }));
const bundleDir = path.join(tmpRoot, 'engine');
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['packages/patch/src/index.ts'],
  outfile: path.join(bundleDir, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const engine = await import(pathToFileURL(path.join(bundleDir, 'index.js')).href);

// ---- cases ----------------------------------------------------------------------------------
function loadCases() {
  const cases = [];
  for (const cat of fs.readdirSync(setDir, { withFileTypes: true })) {
    if (!cat.isDirectory()) continue;
    for (const c of fs.readdirSync(path.join(setDir, cat.name), { withFileTypes: true })) {
      const dir = path.join(setDir, cat.name, c.name);
      if (!c.isDirectory() || !fs.existsSync(path.join(dir, 'meta.json'))) continue;
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
      cases.push({ dir, meta, patch: fs.readFileSync(path.join(dir, 'patch.diff'), 'utf8') });
    }
  }
  return cases.sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
}

function readTree(root) {
  const out = new Map();
  if (!fs.existsSync(root)) return out;
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (e.isFile()) out.set(r, fs.readFileSync(p));
      else out.set(r, Buffer.from('<special>'));
    }
  };
  walk(root, '');
  return out;
}
const treesEqual = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k)?.equals(v));

// ---- tools: each returns true when it claims to have applied the patch -----------------------
const run = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).status === 0;

function stripPrefix(p) {
  return p.replace(/^[ab]\//, '');
}

/** jsdiff as a library user would wire it: parsePatch, then applyPatch per file, then write. */
function jsdiffApply(dir, text, fuzzFactor) {
  let patches;
  try {
    patches = jsdiff.parsePatch(text);
  } catch {
    return false;
  }
  const writes = [];
  for (const p of patches) {
    const oldName = p.oldFileName && p.oldFileName !== '/dev/null' ? stripPrefix(p.oldFileName) : undefined;
    const newName = p.newFileName && p.newFileName !== '/dev/null' ? stripPrefix(p.newFileName) : undefined;
    const target = oldName ?? newName;
    if (!target) return false;
    const file = path.join(dir, target);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : oldName ? undefined : '';
    if (before === undefined) return false;
    const after = jsdiff.applyPatch(before, p, { fuzzFactor });
    if (after === false) return false;
    writes.push(newName ? [path.join(dir, newName), after] : [file, null]);
  }
  for (const [f, content] of writes) {
    if (content === null) fs.rmSync(f, { force: true });
    else {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, content);
    }
  }
  return writes.length > 0;
}

const hasPatch = spawnSync('patch', ['--version']).status === 0;
const tools = [
  { name: 'eternia engine', run: async (dir, text) => (await engine.applyPatch({ cwd: dir, patch: text })).ok },
  { name: 'git apply', run: (dir, _t, file) => run('git', ['apply', file], dir) },
  {
    name: 'git apply --recount -C1 --ignore-ws',
    run: (dir, _t, file) => run('git', ['apply', '--recount', '-C1', '--ignore-whitespace', file], dir),
  },
  // Without --no-backup-if-mismatch, patch leaves *.orig files after every fuzzy hunk.
  ...(hasPatch
    ? [{ name: 'GNU patch -p1 --fuzz=3', run: (dir, _t, file) => run('patch', ['-p1', '--fuzz=3', '--no-backup-if-mismatch', '-i', file], dir) }]
    : []),
  { name: 'jsdiff applyPatch fuzz 0', run: (dir, text) => jsdiffApply(dir, text, 0) },
  { name: 'jsdiff applyPatch fuzz 3', run: (dir, text) => jsdiffApply(dir, text, 3) },
];
if (!hasPatch) console.log('bench:patch: GNU patch not installed (apt-get install patch); leaving it out');

async function runCase(c, tool, k) {
  const work = path.join(tmpRoot, `w${k}`);
  const before = path.join(c.dir, 'before');
  fs.rmSync(work, { recursive: true, force: true });
  if (fs.existsSync(before)) fs.cpSync(before, work, { recursive: true });
  else fs.mkdirSync(work);
  const patchFile = path.join(tmpRoot, `p${k}.diff`);
  fs.writeFileSync(patchFile, c.patch);
  const t0 = performance.now();
  let applied;
  try {
    applied = await tool.run(work, c.patch, patchFile);
  } catch {
    applied = false;
  }
  const ms = performance.now() - t0;
  const actual = readTree(work);
  const exp = c.meta.expectation;
  let outcome;
  if (exp === 'reject') outcome = applied ? 'misapplied' : 'rejected_correctly';
  else {
    let match = treesEqual(actual, readTree(path.join(c.dir, 'expected')));
    if (!match && fs.existsSync(path.join(c.dir, 'expected_alt'))) match = treesEqual(actual, readTree(path.join(c.dir, 'expected_alt')));
    if (applied) outcome = match ? 'correct' : 'misapplied';
    else outcome = exp === 'apply_or_reject' ? 'rejected_correctly' : 'rejected_wrongly';
  }
  const dirty = !applied && !treesEqual(actual, readTree(before));
  fs.rmSync(work, { recursive: true, force: true });
  return { outcome, dirty, ms, category: c.meta.category, expectation: exp };
}

const cases = loadCases();
const started = performance.now();
const results = new Map(tools.map((t) => [t.name, []]));
// Warm both in-process engines up so the timings compare steady states.
for (const c of cases.slice(0, 10)) for (const t of tools) if (!t.name.startsWith('git') && !t.name.startsWith('GNU')) await runCase(c, t, 'warm');
for (const [i, c] of cases.entries()) {
  for (const t of tools) results.get(t.name).push(await runCase(c, t, i));
}

// ---- tables ---------------------------------------------------------------------------------
function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => '| ' + r.map((x, i) => (i === 0 ? String(x).padEnd(w[i]) : String(x).padStart(w[i]))).join(' | ') + ' |';
  const sep = '|' + w.map((x, i) => (i === 0 ? '-'.repeat(x + 2) : '-'.repeat(x + 1) + ':')).join('|') + '|';
  return [line(head), sep, ...rows.map(line)].join('\n');
}
const count = (rs, pred) => rs.filter(pred).length;
const applicable = cases.filter((c) => c.meta.expectation === 'apply').length;
const mustReject = cases.filter((c) => c.meta.expectation === 'reject').length;
const ambiguous = cases.filter((c) => c.meta.expectation === 'apply_or_reject').length;

console.log(
  `\n${cases.length} cases (${applicable} applicable, ${mustReject} must-reject, ${ambiguous} ambiguous); ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
console.log(
  table(
    [
      'tool',
      `correct /${applicable}`,
      'correct %',
      'misapplied',
      'wrongly refused',
      `rejects ok /${mustReject}`,
      `ambiguous ok /${ambiguous}`,
      'dirty rejects',
      'ms/case',
    ],
    tools.map((t) => {
      const rs = results.get(t.name);
      const correct = count(rs, (r) => r.expectation === 'apply' && r.outcome === 'correct');
      return [
        t.name,
        correct,
        ((100 * correct) / applicable).toFixed(1),
        count(rs, (r) => r.outcome === 'misapplied'),
        count(rs, (r) => r.outcome === 'rejected_wrongly'),
        count(rs, (r) => r.expectation === 'reject' && r.outcome === 'rejected_correctly'),
        count(rs, (r) => r.expectation === 'apply_or_reject' && r.outcome !== 'misapplied'),
        count(rs, (r) => r.dirty),
        (rs.reduce((s, r) => s + r.ms, 0) / rs.length).toFixed(2),
      ];
    }),
  ),
);

// jsdiff gives up early on the cases it refuses; compare the time on cases both apply correctly.
const both = cases
  .map((_, i) => i)
  .filter((i) => results.get(tools[0].name)[i].outcome === 'correct' && results.get('jsdiff applyPatch fuzz 0')[i].outcome === 'correct');
const meanOn = (name) => (both.reduce((s, i) => s + results.get(name)[i].ms, 0) / both.length).toFixed(2);
console.log(
  `\nms/case on the ${both.length} cases both the engine and jsdiff (fuzz 0) apply correctly: engine ${meanOn(tools[0].name)}, jsdiff ${meanOn('jsdiff applyPatch fuzz 0')}`,
);

const cats = [...new Set(cases.map((c) => c.meta.category))].sort((a, b) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));
const ours = results.get(tools[0].name);
console.log(`\n${tools[0].name} per category\n`);
console.log(
  table(
    ['category', 'n', 'correct', 'misapplied', 'wrongly refused', 'rejected ok', 'dirty rejects'],
    cats.map((cat) => {
      const rs = ours.filter((r) => r.category === cat);
      return [
        cat,
        rs.length,
        count(rs, (r) => r.outcome === 'correct'),
        count(rs, (r) => r.outcome === 'misapplied'),
        count(rs, (r) => r.outcome === 'rejected_wrongly'),
        count(rs, (r) => r.outcome === 'rejected_correctly'),
        count(rs, (r) => r.dirty),
      ];
    }),
  ),
);
console.log('\nacceptable outcomes per category (correct apply, or correct refusal on must-reject/ambiguous cases); misapplied in ()\n');
const short = ['engine', 'git apply', 'git --recount', 'patch fuzz3', 'jsdiff f0', 'jsdiff f3'];
console.log(
  table(
    ['category', ...tools.map((t, i) => short[i] ?? t.name)],
    cats.map((cat) => [
      cat,
      ...tools.map((t) => {
        const rs = results.get(t.name).filter((r) => r.category === cat);
        const mis = count(rs, (r) => r.outcome === 'misapplied');
        return `${count(rs, (r) => r.outcome === 'correct' || r.outcome === 'rejected_correctly')}${mis ? ` (${mis})` : ''}`;
      }),
    ]),
  ),
);

// ---- a 5,000-line multi-file patch ----------------------------------------------------------
function bigPatchCase() {
  const dir = path.join(tmpRoot, 'big');
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  let patch = '';
  let lines = 0;
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let f = 0; lines < 5000; f++) {
    // Every tenth line changes: about 100 hunks, 1,000 patch lines per file.
    const before = Array.from({ length: 1000 }, (_, i) => `export const value_${f}_${i} = ${Math.floor(rnd() * 1e6)}; // line ${i}`);
    const after = before.flatMap((l, i) => (i % 10 === 3 ? [l.replace('const', 'let'), `  // note ${i}`] : [l]));
    const name = `src/module-${f}.ts`;
    fs.writeFileSync(path.join(dir, name), before.join('\n') + '\n');
    const p = jsdiff.createTwoFilesPatch(`a/${name}`, `b/${name}`, before.join('\n') + '\n', after.join('\n') + '\n');
    const body = p.split('\n').slice(1).join('\n'); // drop jsdiff's "====" line
    patch += `diff --git a/${name} b/${name}\n${body}`;
    lines = patch.split('\n').length;
  }
  return { dir, patch, lines };
}
const big = bigPatchCase();
const times = { engine: [], jsdiff: [] };
for (let i = 0; i < 5; i++) {
  for (const [k, fn] of [
    ['engine', async (d) => (await engine.applyPatch({ cwd: d, patch: big.patch })).ok],
    ['jsdiff', (d) => jsdiffApply(d, big.patch, 0)],
  ]) {
    const copy = path.join(tmpRoot, `big-${k}-${i}`);
    fs.cpSync(big.dir, copy, { recursive: true });
    const t0 = performance.now();
    const ok = await fn(copy);
    times[k].push(performance.now() - t0);
    if (!ok) console.log(`bench:patch: ${k} refused the ${big.lines}-line patch`);
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
const files = (big.patch.match(/^diff --git /gm) ?? []).length;
console.log(
  `\n${big.lines}-line patch over ${files} files (1,000-line files, ~100 hunks each): engine ${median(times.engine)} ms, jsdiff applyPatch ${median(times.jsdiff)} ms (median of 5, in-process, including reads and writes)`,
);
