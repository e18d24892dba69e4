/**
 * The bundled review action and publish with `proposal: quality` (dist/<role>/index.js), run as GitHub's runner
 * runs them, one job after the other, passing the dossier through a folder.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runAction } from '@eternia/testkit';
import { QUALITY_PROPOSAL_FILES, ReviewProposalSchema } from '../src/quality/proposals.js';
import { BRANCH, CART_JS, OWNER, REPO, TOKEN, git, repoRoot, type Bench } from './delivery-bench.js';
import { finding, rubric, startReviewBench } from './review-bench.js';

jest.setTimeout(300_000);
const RUN = 778;
let bench: Bench;
let dossierDir: string;

beforeAll(async () => {
  for (const role of ['review', 'publish']) {
    if (!existsSync(path.join(repoRoot, 'dist', role, 'index.js')))
      throw new Error(`dist/${role}/index.js is missing: run \`node scripts/build-dist.mjs\` first`);
  }
  bench = await startReviewBench({ files: { 'src/cart.js': `${CART_JS}\nexport const applyDiscount = (cents, percent) => cents - percent;\n` } });
  dossierDir = path.join(bench.root, 'dossiers');
  await new DirectoryDossierStore(dossierDir).save(bench.dossier);
});

afterAll(async () => {
  await bench?.close();
});

function job(role: string, name: string, inputs: Record<string, string> = {}) {
  const workspace = path.join(bench.root, name);
  git(bench.root, 'clone', '--quiet', '--branch', BRANCH, bench.bare, workspace);
  const model: Record<string, string> = role === 'publish' ? {} : { 'openai-api-key': 'sk-emulated-key', 'openai-base-url': bench.oai.url };
  return runAction({
    actionDir: path.join(repoRoot, 'actions', role),
    inputs: { pr: String(bench.pr), ...model, ...inputs },
    env: { DOSSIER_DIR: dossierDir, GITHUB_RUN_ID: String(RUN) },
    workspace,
    repository: `${OWNER}/${REPO}`,
    apiUrl: bench.gh.url,
    token: TOKEN,
    secrets: ['sk-emulated-key'],
    timeoutMs: 120_000,
  });
}

describe('the bundled review and quality publish', () => {
  test('review proposes (posts nothing), publish posts one COMMENT review; a re-run of both adds nothing', async () => {
    bench.oai.script({
      match: { role: 'reviewer' },
      reply: {
        rubric: rubric(4),
        summary: 'Adds applyDiscount.',
        findings: [
          finding({ path: 'src/cart.js', line: 8, severity: 'blocking', title: 'Subtracts the percentage as cents' }),
          finding({ path: 'src/cart.js', line: 1, title: 'outside the diff' }),
        ],
      },
    });
    const review = await job('review', 'job-review-1');
    expect(review.stderr).toBe('');
    expect(review.exitCode).toBe(0);
    expect(review.outputs).toEqual({
      status: 'reviewed',
      'lowest-score': '4',
      findings: '1',
      blocking: '1',
      dropped: '1',
      feedback: 'true',
      frozen: 'false',
    });
    expect(review.leakedSecrets).toEqual([]);
    expect(review.summary).toContain('dropped before any API call: 1 outside-diff');
    // The bundle builds the repo atlas (tree-sitter in WebAssembly) and tells the reviewer who imports cart.js.
    const reviewer = bench.oai.requests.find((r) => r.headers['x-eternia-role'] === 'reviewer');
    const told = (reviewer?.body.messages as Array<{ content: string }>).map((m) => m.content).join('\n');
    expect(told).toContain('src/cart.js is imported by 1 file(s):\n  test/cart.test.js: cartTotal');
    // The review job wrote nothing to GitHub.
    expect(bench.gh.requests.filter((r) => r.method !== 'GET' && r.token === TOKEN && !r.path.includes('/graphql'))).toEqual([]);
    const saved = (await new DirectoryDossierStore(dossierDir).load({ repository: `${OWNER}/${REPO}`, pr: bench.pr }))!;
    expect(saved.readJson(QUALITY_PROPOSAL_FILES.review, ReviewProposalSchema)!.runId).toBe(RUN);

    const publish = await job('publish', 'job-publish-1', { proposal: 'quality' });
    expect(publish.stderr).toBe('');
    expect(publish.exitCode).toBe(0);
    expect(publish.outputs).toMatchObject({ status: 'published', 'comments-posted': '1', 'sarif-file': '', frozen: 'false' });
    expect(publish.outputs['review-id']).toMatch(/^\d+$/);
    const list = () => bench.octokit.paginate(bench.octokit.rest.pulls.listReviewComments, { owner: OWNER, repo: REPO, pull_number: bench.pr });
    expect((await list()).map((c) => [c.path, c.line])).toEqual([['src/cart.js', 8]]);

    await job('review', 'job-review-2');
    const again = await job('publish', 'job-publish-2', { proposal: 'quality' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ status: 'published', 'comments-posted': '0', 'review-id': '' });
    expect(await list()).toHaveLength(1);
    expect(bench.gh.violations).toEqual([]);
  });
});
