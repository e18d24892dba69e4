import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError, policySchema } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { createModelClient } from '@eternia/llm';
import { applyPatch } from '@eternia/patch';
import { startOpenAIEmulator, type OpenAIEmulator } from '@eternia/testkit';
import { QUALITY_PROPOSAL_FILES, SecurityProposalSchema } from '../src/quality/proposals.js';
import {
  buildSarif,
  npmAuditFindings,
  onChangedLine,
  parseChangedLines,
  pipAdmits,
  pipAuditFindings,
  stillVulnerable,
  readSarifFile,
  renderSecuritySummary,
  runSecurityScan,
  sarifFindings,
  sarifInputFiles,
  sarifSchemaProblem,
  SecretVault,
  secretsIn,
  unmaskPatch,
  type SecurityScanResult,
} from '../src/security-scan/index.js';
import { FIXTURES, fakeSecrets, git, placeNpmAudit, placeSarif, scriptedFixer, seedSecurityRepo, type SeededRepo } from './security-fixture.js';

const PROMPTS = path.resolve(FIXTURES, '../../../../../prompts');
const tmp: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'security-scan-test-'));
  tmp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

describe('SARIF from real scanners', () => {
  it('reads the eslint (@microsoft/eslint-formatter-sarif) and secretlint SARIF fixtures as valid 2.1.0 with workspace paths', () => {
    const dir = tempDir();
    const eslint = sarifFindings(readSarifFile(path.join(dir, placeSarif('eslint.sarif', dir))), dir, 'eslint.sarif');
    expect(eslint.findings.map((f) => [f.tool, f.rule, f.path, f.line, f.level])).toEqual([
      ['ESLint', 'no-eval', 'src/handler.js', 4, 'error'],
      ['ESLint', 'no-new-func', 'src/handler.js', 5, 'error'],
    ]);
    const secretlint = sarifFindings(readSarifFile(path.join(dir, placeSarif('secretlint.sarif', dir))), dir, 'secretlint.sarif');
    expect(secretlint.findings.map((f) => [f.tool, f.path, f.line])).toEqual([
      ['secretlint', 'src/config.js', 1],
      ['secretlint', 'src/config.js', 2],
    ]);
  });

  it('names the file and the schema path of invalid SARIF', () => {
    const dir = tempDir();
    const log = JSON.parse(readFileSync(path.join(FIXTURES, 'eslint.sarif'), 'utf8'));
    log.runs[0].results[0].level = 'fatal';
    writeFileSync(path.join(dir, 'broken.sarif'), JSON.stringify(log));
    let error: unknown;
    try {
      readSarifFile(path.join(dir, 'broken.sarif'), 'reports/broken.sarif');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('SARIF file reports/broken.sarif: is not valid SARIF 2.1.0');
    expect((error as Error).message).toContain('/runs/0/results/0/level');
    expect((error as Error).message).toContain('(schema #/definitions/result/properties/level/enum)');

    const wrongVersion = { version: '2.0.0', runs: [] };
    expect(sarifSchemaProblem(wrongVersion)).toContain('#/properties/version/enum');
    writeFileSync(path.join(dir, 'not-json.sarif'), '{"version": ');
    expect(() => readSarifFile(path.join(dir, 'not-json.sarif'))).toThrow(/not-json\.sarif: is not JSON/);
  });

  it('drops results outside the workspace and counts them', () => {
    const log = JSON.parse(readFileSync(path.join(FIXTURES, 'eslint.sarif'), 'utf8'));
    const read = sarifFindings(log, '/somewhere/else', 'eslint.sarif');
    expect(read.findings).toEqual([]);
    expect(read.unlocated).toBe(2);
  });

  it('an empty-matching sarif glob is an error naming the pattern', async () => {
    const dir = tempDir();
    placeSarif('eslint.sarif', dir, 'reports/eslint.sarif'.replace('reports/', ''));
    await expect(sarifInputFiles(dir, ['*.sarif'])).resolves.toEqual(['eslint.sarif']);
    await expect(sarifInputFiles(dir, ['codeql/*.sarif'])).rejects.toThrow("no SARIF file matches 'codeql/*.sarif'");
  });
});

describe('own checks', () => {
  it('finds secrets with secretlint and never puts the value in the finding', async () => {
    const s = fakeSecrets();
    const vault = new SecretVault();
    const found = await secretsIn('src/a.js', `const a = 1;\nconst t = "${s.github}";\n`, vault);
    expect(found.map((f) => [f.rule, f.line])).toEqual([['@secretlint/secretlint-rule-github', 2]]);
    expect(JSON.stringify(found.map(({ secretRange: _r, ...rest }) => rest))).not.toContain(s.github);
    expect(vault.mask(`x ${s.github} y`)).toBe('x [secret masked] y');
  });

  it('reads npm audit at the declaring manifest line', () => {
    const dir = tempDir();
    const repo = seedSecurityRepo(path.join(dir, 'repo'));
    const findings = npmAuditFindings(repo.dir, path.join(repo.dir, placeNpmAudit(repo.dir)));
    expect(findings.map((f) => [f.dependency?.name, f.path, f.line, f.level])).toEqual([
      ['lodash', 'package.json', 6, 'error'],
      ['minimist', 'package.json', 5, 'error'],
    ]);
    expect(findings[0]!.message).toContain('GHSA-35jh-r3h4-6jhm');
  });

  it('reads pip specifiers', () => {
    expect(pipAdmits('==2.0.1', '2.0.1')).toBe(true);
    expect(pipAdmits('==2.0.2', '2.0.1')).toBe(false);
    expect(pipAdmits('>=2.1,<3', '2.0.9')).toBe(false);
    expect(pipAdmits('~=2.0', '2.5')).toBe(true);
    expect(pipAdmits('~=2.0', '3.0')).toBe(false);
  });

  it('computes the changed lines of a real diff', () => {
    const dir = tempDir();
    const repo = seedSecurityRepo(path.join(dir, 'repo'));
    const changed = parseChangedLines(git(repo.dir, 'diff', '--unified=0', `${repo.baseSha}...${repo.headSha}`));
    expect([...(changed.get('src/legacy.js') ?? [])]).toEqual([2, 3, 4, 5]);
    expect([...(changed.get('package.json') ?? [])]).toEqual([5]);
    expect(onChangedLine(changed, { path: 'src/legacy.js', line: 1 })).toBe(false);
    expect(onChangedLine(changed, { path: 'src/notify.js', line: 1 })).toBe(true);
  });

  it('reads hunk bodies by their counts: an added line that looks like a file header stays a line of the PR', () => {
    // A PR adding the line "++ b/elsewhere.js" shows it as "+++ b/elsewhere.js"; read as a header, it would move the
    // lines after it (and the findings on them) out of the PR's own changes.
    const diff = [
      'diff --git a/src/app.js b/src/app.js',
      '--- a/src/app.js',
      '+++ b/src/app.js',
      '@@ -1,0 +2,3 @@ head',
      '+++ b/elsewhere.js',
      '+@@ -1 +90 @@',
      '+eval(input);',
      '@@ -9 +11 @@',
      '-old',
      '+new',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const changed = parseChangedLines(diff);
    expect([...changed.keys()]).toEqual(['src/app.js']);
    expect([...changed.get('src/app.js')!]).toEqual([2, 3, 4, 11]);
  });

  it('puts secret values back only where the patch quotes the file (context and removed lines)', () => {
    const patch = [
      '--- a/x',
      '+++ b/x',
      '@@ -1,2 +1,2 @@',
      ' keep <SECRET_1_REDACTED>',
      '-old <SECRET_1_REDACTED>',
      '+new <SECRET_1_REDACTED>',
      '*** Begin File: y',
      '-z <SECRET_1_REDACTED>',
      '*** End File',
    ].join('\n');
    const out = unmaskPatch(patch, ['VALUE-123456']).split('\n');
    expect(out[3]).toBe(' keep VALUE-123456');
    expect(out[4]).toBe('-old VALUE-123456');
    expect(out[5]).toBe('+new <SECRET_1_REDACTED>');
    expect(out[7]).toBe('-z <SECRET_1_REDACTED>');
  });
});

describe('runSecurityScan on a seeded repository', () => {
  let emu: OpenAIEmulator;
  let repo: SeededRepo;
  let result: SecurityScanResult;
  let dossier: Dossier;
  const prompts: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    emu = await startOpenAIEmulator();
    emu.script({ match: { schemaName: 'security_fix' }, reply: scriptedFixer });
    const dir = tempDir();
    repo = seedSecurityRepo(path.join(dir, 'repo'));
    const eslint = placeSarif('eslint.sarif', repo.dir);
    const audit = placeNpmAudit(repo.dir);
    dossier = Dossier.create({ repository: 'acme/shop', pr: 7, issue: 9, branch: 'agent/9-feature' });
    const policy = policySchema.parse({});
    result = await runSecurityScan({
      workspace: repo.dir,
      pull: { number: 7, headSha: repo.headSha, baseSha: repo.baseSha },
      policy,
      dossier,
      model: () => createModelClient({ apiKey: 'k', baseURL: emu.url, maxRetries: 0 }),
      modelName: 'gpt-4.1',
      promptsDir: PROMPTS,
      runId: 42,
      sarifFiles: [eslint],
      npmAudit: audit,
      tempDir: dir,
      log: { info: (m) => logs.push(m), warning: (m) => logs.push(m) },
      onPrompt: (p) => prompts.push(p),
    });
  }, 60_000);
  afterAll(async () => {
    await emu.close();
  });

  it('counts findings on changed and unchanged lines', () => {
    const c = result.proposal.counts;
    expect(c).toMatchObject({
      findings: 9,
      'on-changed-lines': 7,
      'on-unchanged-lines': 2,
      secrets: 5,
      'vulnerable-dependencies': 2,
      'sarif-results': 2,
    });
    const unchanged = result.findings.filter((f) => !f.changed).map((f) => `${f.path}:${f.line}`);
    expect(unchanged.sort()).toEqual(['package.json:6', 'src/legacy.js:1']);
    // Findings on unchanged lines are never sent for a fix.
    expect(result.findings.filter((f) => !f.changed).every((f) => f.fix === undefined)).toBe(true);
  });

  it('keeps the fixes that cleared their finding, and not the one that did not', () => {
    const outcome = (p: string, line: number) => result.findings.find((f) => f.path === p && f.line === line)?.fix;
    expect(outcome('src/config.js', 1)).toMatchObject({ kept: true });
    expect(outcome('package.json', 5)).toMatchObject({ kept: true });
    expect(outcome('src/notify.js', 1)).toMatchObject({ kept: false, reason: 'finding-remains' });
    expect(outcome('src/keys.js', 2)).toMatchObject({ kept: false, reason: 'finding-remains' });
    // Its own finding is gone, but keys.js keeps the Slack token: the change cannot be written without a value.
    expect(outcome('src/keys.js', 1)).toMatchObject({ kept: false, reason: 'would-leak-secret' });
    expect(result.proposal.counts).toMatchObject({ 'fixes-kept': 2, 'fixes-proposed': 5 });
    // eslint's SARIF cannot be re-checked here: no model call, a comment.
    expect(emu.requests).toHaveLength(5);
  });

  it('proposes one patch that applies to the head through the patch engine, and posts the rest as comments', async () => {
    const fix = SecurityProposalSchema.parse(dossier.readJson(QUALITY_PROPOSAL_FILES.security, SecurityProposalSchema)).fix!;
    expect(fix.baseSha).toBe(repo.headSha);
    expect(fix.files.sort()).toEqual(['package.json', 'src/config.js']);
    const fresh = path.join(tempDir(), 'fresh');
    git(path.dirname(fresh), 'clone', '--quiet', repo.dir, fresh);
    git(fresh, 'checkout', '--quiet', repo.headSha);
    const applied = await applyPatch({ cwd: fresh, patch: fix.patch, policy: { allow: ['**'], deny: [] } });
    expect(applied.ok).toBe(true);
    expect(readFileSync(path.join(fresh, 'src/config.js'), 'utf8').split('\n')[0]).toBe('export const token = process.env.GITHUB_TOKEN;');
    expect(readFileSync(path.join(fresh, 'package.json'), 'utf8')).toContain('"minimist": "1.2.8"');

    const comments = result.proposal.findings.map((f) => `${f.path}:${f.line}:${f.severity}`);
    expect(comments.sort()).toEqual([
      'src/handler.js:4:blocking',
      'src/handler.js:5:blocking',
      'src/keys.js:1:blocking',
      'src/keys.js:2:blocking',
      'src/notify.js:1:blocking',
    ]);
    const slack = result.proposal.findings.find((f) => f.path === 'src/notify.js')!;
    expect(slack.body).toContain('finding-remains');
    expect(slack.rule).toBe('@secretlint/secretlint-rule-slack');
    expect(new Set(result.proposal.findings.map((f) => f.fingerprint)).size).toBe(5);
  });

  it('writes valid SARIF 2.1.0 of its own checks to the dossier', () => {
    const sarif = JSON.parse(dossier.readText('security.sarif')!);
    expect(sarifSchemaProblem(sarif)).toBeNull();
    expect(sarif.runs[0].results).toHaveLength(7);
    expect(sarif.runs[0].tool.driver.name).toBe('eternia-security-scan');
  });

  it('never lets a secret value out: proposal, SARIF, summary, comments, prompts, requests, logs', () => {
    const values = Object.values(repo.secrets);
    const outputs = [
      ...dossier.files().map((f) => dossier.readText(f) ?? ''),
      renderSecuritySummary(result),
      ...prompts,
      ...emu.requests.map((r) => JSON.stringify(r.body)),
      ...logs,
    ];
    expect(prompts.length).toBeGreaterThan(0);
    for (const value of values) for (const text of outputs) expect(text.includes(value)).toBe(false);
    // The masked placeholders did reach the model: it saw where the secret is.
    expect(prompts.some((p) => p.includes('<SECRET_'))).toBe(true);
  });

  it('refuses to write anything when a value would leak (the last guard)', () => {
    const vault = new SecretVault();
    vault.add('ABCDEFGH12345678');
    const log = buildSarif(
      [{ source: 'secret', tool: 'secretlint', rule: 'r', level: 'error', message: 'ok', path: 'a.js', line: 1, fingerprint: 'f'.repeat(32) }],
      { version: '1' },
    );
    expect(vault.leaks(JSON.stringify(log))).toBe(false);
    expect(vault.leaks('x ABCDEFGH12345678')).toBe(true);
  });
});

describe('refused fixes', () => {
  let emu: OpenAIEmulator;
  beforeAll(async () => {
    emu = await startOpenAIEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  /** A repository whose PR adds one token to src/a.js, scanned with the given fixer answer. */
  async function scanWith(reply: (token: string) => object) {
    const dir = tempDir();
    const repoDir = path.join(dir, 'repo');
    const token = fakeSecrets().github;
    git(dir, 'init', '--quiet', '--initial-branch=main', repoDir);
    writeFileSync(path.join(repoDir, 'README.md'), '# x\n');
    git(repoDir, 'add', '--all');
    git(repoDir, 'commit', '--quiet', '-m', 'base');
    const baseSha = git(repoDir, 'rev-parse', 'HEAD');
    writeFileSync(path.join(repoDir, 'a.js'), `export const t = "${token}";\n`);
    git(repoDir, 'add', '--all');
    git(repoDir, 'commit', '--quiet', '-m', 'head');
    const headSha = git(repoDir, 'rev-parse', 'HEAD');
    emu.script({ match: { schemaName: 'security_fix' }, reply: reply(token), times: 1 });
    const dossier = Dossier.create({ repository: 'acme/shop', pr: 7, issue: 9, branch: 'agent/9-x' });
    const result = await runSecurityScan({
      workspace: repoDir,
      pull: { number: 7, headSha, baseSha },
      policy: policySchema.parse({}),
      dossier,
      model: () => createModelClient({ apiKey: 'k', baseURL: emu.url, maxRetries: 0 }),
      modelName: 'gpt-4.1',
      promptsDir: PROMPTS,
      runId: 1,
      sarifFiles: [],
      tempDir: dir,
    });
    return { result, token, dossier };
  }

  it('does not keep a fix that writes a new secret elsewhere, though its own finding is gone', async () => {
    const other = fakeSecrets().github;
    const { result, token, dossier } = await scanWith(() => ({
      patch: [
        '--- a/a.js',
        '+++ b/a.js',
        '@@ -1,1 +1,1 @@',
        '-export const t = "<SECRET_1_REDACTED>";',
        "+export { t } from './b.js';",
        '*** Begin File: b.js',
        `export const t = "${other}";`,
        '*** End File',
        '',
      ].join('\n'),
      summary: 'move the token',
      explanation: 'moved',
    }));
    expect(result.findings[0]!.fix).toMatchObject({ kept: false, reason: 'new-secret' });
    expect(result.proposal.fix).toBeNull();
    expect(result.proposal.findings).toHaveLength(1);
    expect(JSON.stringify(dossier.readText('proposal-security.json'))).not.toContain(token);
  });

  it('does not keep a patch the engine refuses (a denied path), and says why in the comment', async () => {
    const { result } = await scanWith(() => ({
      patch: ['*** Begin File: .github/workflows/x.yml', 'on: push', '*** End File', ''].join('\n'),
      summary: 'x',
      explanation: 'x',
    }));
    expect(result.findings[0]!.fix).toMatchObject({ kept: false, reason: 'patch-refused' });
    expect(result.proposal.findings[0]!.body).toContain('patch-refused');
  });
});

describe('pip-audit', () => {
  it('places a vulnerable requirement at its line and re-checks the pin', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'requirements.txt'), 'flask==2.0.1\nrequests>=2.0  # http\n');
    // pip-audit 2.x `-f json` shape (its documented output), for the two pins above.
    writeFileSync(
      path.join(dir, 'pip-audit.json'),
      JSON.stringify({
        dependencies: [
          {
            name: 'Flask',
            version: '2.0.1',
            vulns: [{ id: 'PYSEC-2023-62', fix_versions: ['2.2.5', '2.3.2'], aliases: ['CVE-2023-30861'], description: 'cookie caching' }],
          },
          { name: 'requests', version: '2.31.0', vulns: [] },
        ],
        fixes: [],
      }),
    );
    const [finding, ...rest] = pipAuditFindings(dir, path.join(dir, 'pip-audit.json'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: 'requirements.txt', line: 1, rule: 'vulnerable-dependency/PYSEC-2023-62' });
    expect(stillVulnerable(dir, finding!)).toBe(true);
    writeFileSync(path.join(dir, 'requirements.txt'), 'flask==2.3.2\nrequests>=2.0  # http\n');
    expect(stillVulnerable(dir, finding!)).toBe(false);
    writeFileSync(path.join(dir, 'pip-audit.json'), '{"dependencies": "nope"}');
    expect(() => pipAuditFindings(dir, path.join(dir, 'pip-audit.json'))).toThrow(/pip-audit report .*pip-audit\.json: is not a pip-audit report/);
  });
});

describe('a shallow checkout', () => {
  it('names the missing base commit and the fix (fetch-depth: 0)', async () => {
    const dir = tempDir();
    const repo = seedSecurityRepo(path.join(dir, 'repo'));
    const shallow = path.join(dir, 'shallow');
    git(dir, 'clone', '--quiet', '--depth', '1', '--branch', 'agent/9-feature', `file://${repo.dir}`, shallow);
    await expect(
      runSecurityScan({
        workspace: shallow,
        pull: { number: 7, headSha: repo.headSha, baseSha: repo.baseSha },
        policy: policySchema.parse({}),
        dossier: Dossier.create({ repository: 'acme/shop', pr: 7, issue: 9, branch: 'agent/9-feature' }),
        model: () => {
          throw new Error('no model needed');
        },
        modelName: 'gpt-4.1',
        promptsDir: PROMPTS,
        runId: 1,
        sarifFiles: [],
        tempDir: dir,
      }),
    ).rejects.toThrow(
      `workspace: the checkout has no commit ${repo.baseSha.slice(0, 12)}: check the PR out with its history (actions/checkout with fetch-depth: 0)`,
    );
  });
});
