/**
 * The bundled action (dist/security-scan/index.js, built by scripts/build-dist.mjs) run as GitHub's runner runs it:
 * the lazy chunk with secretlint, Ajv and the vendored SARIF schema loads and works, and nothing it prints, outputs
 * or writes to the summary holds the model key or a planted secret value.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runAction } from '@eternia/testkit';
import { FIXTURES, securityWorkspace, startSecurityPr, type SecurityPr } from '../../../packages/roles/test/security-fixture.js';

jest.setTimeout(300_000);
const repoRoot = path.resolve(FIXTURES, '../../../../..');
let setup: SecurityPr;
let temp: string;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'security-scan', 'index.js')))
    throw new Error('dist/security-scan/index.js is missing: run `node scripts/build-dist.mjs` first');
  temp = mkdtempSync(path.join(tmpdir(), 'security-bundled-'));
  setup = await startSecurityPr(temp);
});
afterAll(async () => {
  await setup?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('the bundled security-scan action', () => {
  test('scans, proposes and writes the dossier without printing a secret', async () => {
    const workspace = securityWorkspace(setup, path.join(temp, 'workspace'));
    const dossierDir = path.join(temp, 'dossiers');
    const run = await runAction({
      actionDir: path.join(repoRoot, 'actions', 'security-scan'),
      inputs: {
        pr: String(setup.pr),
        'openai-api-key': 'sk-emulated-key',
        'openai-base-url': setup.oai.url,
        sarif: '*.sarif',
        'npm-audit': 'npm-audit.json',
      },
      env: { DOSSIER_DIR: dossierDir, GITHUB_RUN_ID: '555' },
      workspace,
      repository: 'acme/shop',
      apiUrl: setup.gh.url,
      token: 'ghs_bot',
      secrets: ['sk-emulated-key'],
      timeoutMs: 240_000,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ findings: '9', 'changed-line-findings': '7', 'fixes-kept': '2' });
    expect(run.summary).toContain('## Security scan');
    expect(run.leakedSecrets).toEqual([]);
    const dossier = await new DirectoryDossierStore(dossierDir).load({ repository: 'acme/shop', pr: setup.pr });
    expect(dossier!.files()).toEqual(expect.arrayContaining(['proposal-security.json', 'security.sarif']));
    const texts = [run.stdout, run.summary, JSON.stringify(run.outputs), ...dossier!.files().map((f) => dossier!.readText(f) ?? '')];
    for (const value of Object.values(setup.repo.secrets)) for (const text of texts) expect(text.includes(value)).toBe(false);
  });
});
