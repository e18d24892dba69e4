/**
 * The security-scan action's role, run by the role host against the GitHub emulator (the PR, the default branch's
 * policy, the dossier) and the OpenAI emulator (the scripted fixer), on a checkout of the seeded repository.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runRole } from '@eternia/action-kit';
import type { GitHubEmulator, OpenAIEmulator } from '@eternia/testkit';
import { role } from '../src/role.js';
import { memoryIO, type MemoryIO } from '../../../packages/core/test/memory-io.js';
import {
  FIXTURES,
  git,
  securityWorkspace,
  startSecurityPr,
  type SecurityPr,
  type SeededRepo,
} from '../../../packages/roles/test/security-fixture.js';

const RUN_ID = 9191;
let setup: SecurityPr;
let gh: GitHubEmulator;
let oai: OpenAIEmulator;
let temp: string;
let repo: SeededRepo;
let workspace: string;
let pr: number;
let io: MemoryIO;
let store: DirectoryDossierStore;

beforeAll(async () => {
  temp = mkdtempSync(path.join(tmpdir(), 'security-role-'));
  setup = await startSecurityPr(temp);
  ({ gh, oai, repo, pr } = setup);
  workspace = securityWorkspace(setup, path.join(temp, 'workspace'));

  io = memoryIO({
    inputs: {
      'github-token': 'ghs_bot',
      pr: String(pr),
      'openai-api-key': 'sk-emulated',
      'openai-base-url': oai.url,
      model: 'gpt-4o-mini',
      sarif: '*.sarif',
      'npm-audit': 'npm-audit.json',
    },
  });
  store = new DirectoryDossierStore(path.join(temp, 'dossiers'));
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: gh.url,
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: String(RUN_ID),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RUNNER_TEMP: temp,
  };
  await runRole(role, {
    io,
    env,
    cwd: workspace,
    fetch: globalThis.fetch,
    dossierStore: store,
    promptsDir: path.resolve(FIXTURES, '../../../../../prompts'),
  });
}, 120_000);

afterAll(async () => {
  await setup?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('the security-scan action', () => {
  test('sets its outputs and writes the proposal, the SARIF and the run entry into the dossier', async () => {
    expect(io.outputs).toEqual({ findings: '9', 'changed-line-findings': '7', 'fixes-kept': '2' });
    const dossier = await store.load({ repository: 'acme/shop', pr });
    // The contract's schema is checked where it is written (dossier.writeJson with SecurityProposalSchema).
    const proposal = JSON.parse(dossier!.readText('proposal-security.json')!) as { fix: { files: string[] } | null };
    expect(proposal).toMatchObject({ kind: 'security', runId: RUN_ID, headSha: repo.headSha });
    expect(proposal.fix?.files.sort()).toEqual(['package.json', 'src/config.js']);
    expect(JSON.parse(dossier!.readText('security.sarif')!).version).toBe('2.1.0');
    expect(dossier!.manifest.runs).toEqual([expect.objectContaining({ role: 'security-scan', runId: RUN_ID, sha: repo.headSha, status: 'success' })]);
  });

  test('asks the model named for models.security (here the model input), and lists the calls in the summary', () => {
    expect(oai.requests.map((r) => r.body.model)).toEqual(Array(5).fill('gpt-4o-mini'));
    const summary = io.summary.join('');
    expect(summary).toContain('## Security scan');
    expect(summary).toContain('| fixes kept / proposed | 2 / 5 |');
    expect(summary).toContain('Model calls');
    // The checkout is untouched: fixes were tried in a scratch worktree.
    expect(git(workspace, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  test('no secret value in the outputs, logs, summary, model requests or the saved dossier', async () => {
    const dossier = await store.load({ repository: 'acme/shop', pr });
    const texts = [
      JSON.stringify(io.outputs),
      JSON.stringify(io.logs),
      io.summary.join(''),
      ...oai.requests.map((r) => JSON.stringify(r.body)),
      ...dossier!.files().map((f) => dossier!.readText(f) ?? ''),
    ];
    for (const value of Object.values(repo.secrets)) for (const text of texts) expect(text.includes(value)).toBe(false);
  });

  test('reads the PR through the read-only calls only', () => {
    const writes = gh.requests.filter((r) => r.method !== 'GET' && !r.path.includes('/graphql'));
    expect(writes).toEqual([]);
    expect(gh.requests.some((r) => r.method === 'GET' && r.path.includes(`/pulls/${pr}`))).toBe(true);
  });
});
