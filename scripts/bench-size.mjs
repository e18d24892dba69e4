#!/usr/bin/env node
// npm run bench:size — what a job downloads and what the build costs, for the working tree as it would be
// committed (tracked and new files, .gitignore honoured): the repository archive GitHub serves for a ref
// (git archive, gzipped), dist/ as stored in git, each entry's bytes loaded at start, and check-dist's time.
// Targets: archive ≤ 2 MB gzipped, dist/ ≤ 6 MB, check-dist ≤ 30 s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDist, loadProfile, repoRoot } from './build-dist.mjs';
import { checkDist } from './check-dist.mjs';

const MB = 1024 * 1024;
const targets = { archive: 2 * MB, dist: 6 * MB, checkDistMs: 30_000 };

/** A tree object of the working tree, written through a scratch index so the real index is untouched. */
function workingTree() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-size-'));
  const env = { ...process.env, GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: repoRoot, env });
    execFileSync('git', ['add', '-A'], { cwd: repoRoot, env });
    return execFileSync('git', ['write-tree'], { cwd: repoRoot, env, encoding: 'utf8' }).trim();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function blobBytes(tree, folder) {
  const listing = execFileSync('git', ['ls-tree', '-r', '-l', tree, '--', folder], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * MB });
  return listing
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line.split(/\s+/)[3]), 0);
}

const tree = workingTree();
const archive = execFileSync('git', ['archive', '--format=tar', tree], { cwd: repoRoot, maxBuffer: 256 * MB });
const archiveGz = gzipSync(archive).length;
const distBytes = blobBytes(tree, 'dist');
const started = Date.now();
const problems = await checkDist({ log: () => {} });
const checkMs = Date.now() - started;
const { entries, metafile } = await buildDist({ outDir: mkdtempSync(path.join(os.tmpdir(), 'bench-size-dist-')) });

const fmt = (bytes) => (bytes >= MB ? `${(bytes / MB).toFixed(2)} MB` : `${(bytes / 1024).toFixed(0)} KiB`);
const verdict = (ok) => (ok ? 'ok' : 'OVER');
const rows = [
  ['repository archive (tar.gz)', fmt(archiveGz), `≤ ${fmt(targets.archive)}`, verdict(archiveGz <= targets.archive)],
  ['dist/ in git', fmt(distBytes), `≤ ${fmt(targets.dist)}`, verdict(distBytes <= targets.dist)],
  [
    'check-dist',
    `${(checkMs / 1000).toFixed(1)} s${problems.length ? ` (${problems.length} drift)` : ''}`,
    `≤ ${targets.checkDistMs / 1000} s`,
    verdict(checkMs <= targets.checkDistMs),
  ],
];
for (const entry of entries) {
  const profile = loadProfile(metafile, `${entry.name}/index.js`);
  rows.push([`dist/${entry.name}: loaded at start / lazy`, `${fmt(profile.startBytes)} / ${fmt(profile.lazyBytes)}`, '', '']);
}
const header = ['what', 'measured', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`working tree ${tree.slice(0, 12)} (uncommitted changes included), node ${process.version}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
