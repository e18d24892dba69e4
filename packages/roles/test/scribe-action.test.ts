/**
 * The scribe action as GitHub runs it: bundled by the real build script (scripts/build-dist.mjs) into a tree of its
 * own and started by the test bench's runner as a child process with INPUT_* variables, against the GitHub and
 * OpenAI emulators, on a checkout of the PR branch, the dossier passed through a folder.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runAction } from '@eternia/testkit';
import { DocsProposalSchema, QUALITY_PROPOSAL_FILES } from '../src/quality/proposals.js';
import { BRANCH, OWNER, REPO, TOKEN, git, repoRoot, startBench, type Bench } from './delivery-bench.js';
import { ADR, CART_WITH_DISCOUNT, README_PATCH, answer } from './scribe-fixture.js';

// Bundles once, then runs the bundle as child processes: slow on a loaded 2-core machine.
jest.setTimeout(240_000);
const RUN = 991;
const API_KEY = 'sk-scribe-action-key-0123456789';
let bench: Bench;
let buildRoot: string;
let dossierDir: string;

/** A tree with only this action (its sources linked, not copied), bundled by build-dist exactly as `npm run build` does. */
async function buildScribeBundle(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'scribe-dist-'));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  await symlink(path.join(repoRoot, 'prompts'), path.join(root, 'prompts'));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  await copyFile(path.join(repoRoot, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  await mkdir(path.join(root, 'actions/scribe'), { recursive: true });
  await copyFile(path.join(repoRoot, 'actions/tsconfig.json'), path.join(root, 'actions/tsconfig.json'));
  await copyFile(path.join(repoRoot, 'actions/scribe/action.yml'), path.join(root, 'actions/scribe/action.yml'));
  await symlink(path.join(repoRoot, 'actions/scribe/src'), path.join(root, 'actions/scribe/src'));
  const build = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build-dist.mjs')).href)) as {
    buildDist(o: { root: string }): Promise<unknown>;
  };
  await build.buildDist({ root });
  return root;
}

beforeAll(async () => {
  bench = await startBench({ branchFiles: { 'src/cart.js': CART_WITH_DISCOUNT }, branchMessage: 'feat: add applyDiscount' });
  buildRoot = await buildScribeBundle();
  dossierDir = path.join(bench.root, 'dossiers');
  // The plan job's dossier, as the artifact download would leave it.
  await new DirectoryDossierStore(dossierDir).save(bench.dossier);
}, 240_000);

afterAll(async () => {
  const violations = bench?.gh.violations;
  await bench?.close();
  if (buildRoot) await rm(buildRoot, { recursive: true, force: true });
  expect(violations).toEqual([]);
});

/** A job: a fresh checkout of the PR branch (actions/checkout with ref and fetch-depth 0), then the action. */
function scribeJob(name: string) {
  const workspace = path.join(bench.root, name);
  git(bench.root, 'clone', '--quiet', '--branch', BRANCH, bench.bare, workspace);
  return {
    workspace,
    run: runAction({
      actionDir: path.join(buildRoot, 'actions/scribe'),
      inputs: { pr: String(bench.pr), 'openai-api-key': API_KEY, 'openai-base-url': bench.oai.url },
      env: { DOSSIER_DIR: dossierDir, GITHUB_RUN_ID: String(RUN) },
      workspace,
      repository: `${OWNER}/${REPO}`,
      apiUrl: bench.gh.url,
      token: TOKEN,
      secrets: [API_KEY],
      timeoutMs: 120_000,
    }),
  };
}

async function savedDossier() {
  return (await new DirectoryDossierStore(dossierDir).load({ repository: `${OWNER}/${REPO}`, pr: bench.pr }))!;
}

describe('the bundled scribe action', () => {
  test('refused twice: the step fails with the refusal, nothing is proposed, the run is recorded as a failure', async () => {
    const outside = `--- a/src/cart.js\n+++ b/src/cart.js\n@@ -1 +1 @@\n-/** Sum of line totals in cents. */\n+/** Sum of line totals, documented. */\n`;
    bench.oai.script({ match: { role: 'scribe' }, times: 2, reply: answer({ patch: outside }) });
    const { run: running, workspace } = scribeJob('job-scribe-refused');
    const run = await running;
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({ status: 'refused', files: '0', adr: '' });
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/scribe failed \(patch-refused\): the docs patch was refused after 2 turn\(s\)/);
    expect(run.summary).toContain('scribe: nothing proposed');
    expect(git(workspace, 'status', '--porcelain')).toBe('');
    const saved = await savedDossier();
    expect(saved.readJson(QUALITY_PROPOSAL_FILES.docs, DocsProposalSchema)).toBeNull();
    expect(saved.manifest.runs.map((r) => [r.role, r.status])).toEqual([['scribe', 'failure']]);
  });

  test('proposes the README section and the ADR in the dossier for publish; pushes nothing, leaks no secret', async () => {
    const before = bench.remoteHead();
    bench.oai.script({ match: { role: 'scribe' }, reply: answer({ patch: README_PATCH, adr: ADR }) });
    const { run: running } = scribeJob('job-scribe');
    const run = await running;
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const adr = 'docs/adr/0001-round-discounted-prices-to-the-nearest-cent.md';
    expect(run.outputs).toEqual({ status: 'proposed', files: '2', adr });
    expect(run.summary).toContain('Proposed **docs: document applyDiscount** (2 file(s))');
    expect(run.summary).toContain('Model calls');
    expect(run.leakedSecrets).toEqual([]);
    expect(bench.remoteHead()).toBe(before);
    const saved = await savedDossier();
    const proposal = saved.readJson(QUALITY_PROPOSAL_FILES.docs, DocsProposalSchema)!;
    expect(proposal).toMatchObject({ kind: 'docs', runId: RUN, headSha: before, patch: { baseSha: before, files: ['README.md', adr] } });
    expect(saved.manifest.runs.map((r) => [r.role, r.status])).toEqual([
      ['scribe', 'failure'],
      ['scribe', 'success'],
    ]);
    // The scribe used models.default (gpt-4.1): the policy names no models.scribe.
    expect(bench.oai.requests.filter((r) => r.headers['x-eternia-role'] === 'scribe').every((r) => r.body.model === 'gpt-4.1')).toBe(true);
  });
});
