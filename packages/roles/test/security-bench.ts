/**
 * `npm run bench:security`: the security-scan role on a seeded sample repository (built here in a temp folder: a
 * base commit and a PR head with planted secrets, vulnerable dependencies and eslint defects; see
 * packages/roles/test/security-fixture.ts). ESLint runs for real on the seeded head with
 * @microsoft/eslint-formatter-sarif; the npm audit report is the committed fixture (npm's advisory endpoint is not
 * reachable here); fixes come from a scripted OpenAI emulator (good fixes for some findings, one that does not
 * clear its finding, none for the rest). Prints a table: findings detected vs planted, fixes kept vs proposed, and
 * how many times a planted secret value was seen in any output (proposal, SARIF, summary, logs, prompts, the HTTP
 * requests to the model, every file the run left in the dossier and the temp folder): it must be 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { policySchema } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { createModelClient } from '@eternia/llm';
import { startOpenAIEmulator } from '@eternia/testkit';
import { renderSecuritySummary, runSecurityScan } from '../src/security-scan/index.js';
import { FIXTURES, placeNpmAudit, scriptedFixer, seedSecurityRepo } from './security-fixture.js';

const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const work = mkdtempSync(path.join(tmpdir(), 'bench-security-'));
const emu = await startOpenAIEmulator();
try {
  emu.script({ match: { schemaName: 'security_fix' }, reply: scriptedFixer });
  const repo = seedSecurityRepo(path.join(work, 'repo'));

  // A real scanner on the seeded head: ESLint with the SARIF formatter (exit 1 = it found errors).
  try {
    execFileSync(
      path.join(root, 'node_modules/.bin/eslint'),
      [
        '--no-config-lookup',
        '-c',
        path.join(FIXTURES, 'sample/eslint.config.mjs'),
        '-f',
        path.join(root, 'node_modules/@microsoft/eslint-formatter-sarif/sarif.js'),
        '-o',
        'eslint.sarif',
        'src',
      ],
      { cwd: repo.dir, stdio: 'pipe' },
    );
  } catch (error) {
    if ((error as { status?: number }).status !== 1) throw error;
  }
  const audit = placeNpmAudit(repo.dir);

  const dossier = Dossier.create({ repository: 'acme/shop', pr: 7, issue: 9, branch: 'agent/9-feature' });
  const logs: string[] = [];
  const prompts: string[] = [];
  const result = await runSecurityScan({
    workspace: repo.dir,
    pull: { number: 7, headSha: repo.headSha, baseSha: repo.baseSha },
    policy: policySchema.parse({}),
    dossier,
    model: () => createModelClient({ apiKey: 'sk-bench', baseURL: emu.url, maxRetries: 0 }),
    modelName: 'gpt-4.1',
    promptsDir: path.join(root, 'prompts'),
    runId: 1,
    sarifFiles: ['eslint.sarif'],
    npmAudit: audit,
    tempDir: work,
    log: { info: (m) => logs.push(m), warning: (m) => logs.push(m) },
    onPrompt: (p) => prompts.push(p),
  });
  const summary = renderSecuritySummary(result);

  const kinds = ['secret', 'dependency', 'eslint'] as const;
  const kindOf = (source: string): (typeof kinds)[number] => (source === 'secret' ? 'secret' : source === 'sarif' ? 'eslint' : 'dependency');
  const detected = (kind: (typeof kinds)[number]) =>
    repo.planted.filter((p) => p.kind === kind && result.findings.some((f) => kindOf(f.source) === kind && f.path === p.path && f.line === p.line))
      .length;
  const planted = (kind: (typeof kinds)[number]) => repo.planted.filter((p) => p.kind === kind).length;
  const extra = result.findings.filter(
    (f) => !repo.planted.some((p) => p.kind === kindOf(f.source) && p.path === f.path && p.line === f.line),
  ).length;

  // Every text the run produced or left behind, searched for every planted value.
  const texts: Array<[string, string]> = [
    ['summary', summary],
    ...logs.map((l, i): [string, string] => [`log ${i}`, l]),
    ...prompts.map((p, i): [string, string] => [`prompt ${i}`, p]),
    ...emu.requests.map((r, i): [string, string] => [`model request ${i}`, JSON.stringify(r.body)]),
    ...dossier.files().map((f): [string, string] => [`dossier ${f}`, dossier.readText(f) ?? '']),
  ];
  const planted_sources = new Set(['src/config.js', 'src/notify.js', 'src/keys.js', 'src/legacy.js']);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (name === '.git') return [];
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  // The seeded sources hold the values by design; anything else the run left in the temp folder is output.
  for (const file of walk(work)) {
    const rel = path.relative(repo.dir, file);
    if (!rel.startsWith('..') && planted_sources.has(rel)) continue;
    texts.push([`file ${path.relative(work, file)}`, readFileSync(file, 'utf8')]);
  }
  const values = Object.values(repo.secrets);
  const seen = texts.filter(([, t]) => values.some((v) => t.includes(v)));
  // The search's own check: it does find every value where it was planted.
  const control = values.filter((v) => [...planted_sources].some((f) => readFileSync(path.join(repo.dir, f), 'utf8').includes(v))).length;
  const c = result.proposal.counts;

  const rows: Array<[string, string]> = [
    ['findings detected / planted', `${kinds.reduce((n, k) => n + detected(k), 0)} / ${repo.planted.length} (+${extra} not planted)`],
    ...kinds.map((k): [string, string] => [`  ${k}`, `${detected(k)} / ${planted(k)}`]),
    ['on changed lines / unchanged (counted, not fixed)', `${c['on-changed-lines']} / ${c['on-unchanged-lines']}`],
    ['fixes kept / proposed to the model', `${c['fixes-kept']} / ${c['fixes-proposed']}`],
    ...result.findings
      .filter((f) => f.fix)
      .map((f): [string, string] => [`  ${f.path}:${f.line} ${f.rule.replace(/^.*\//, '')}`, f.fix!.kept ? 'kept' : `not kept (${f.fix!.reason})`]),
    ['comments for publish', String(result.proposal.findings.length)],
    ['proposed patch files', result.proposal.fix ? result.proposal.fix.files.join(', ') : '(none)'],
    ['model calls', String(emu.requests.length)],
    ['texts searched for secret values', String(texts.length)],
    ['search check: planted values found in the seeded sources', `${control} / ${values.length}`],
    ['secret values seen anywhere', String(seen.length)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`| ${'security-scan bench'.padEnd(width)} | value |`);
  console.log(`| ${'-'.repeat(width)} | --- |`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  if (seen.length > 0 || control !== values.length) {
    console.error(`secret values seen in: ${seen.map(([name]) => name).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await emu.close();
  rmSync(work, { recursive: true, force: true });
}
