import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit, type Octokit } from '@eternia/core';
import { readDossierFolder } from '@eternia/dossier';
import { ImplementEvidenceSchema, PlanFileSchema, TestsEvidenceSchema } from '@eternia/roles';
import { DISCOUNT_ISSUE, scriptDiscountModel, startSampleLoop, type SampleLoop, type WorkflowRun } from '@eternia/testkit';

// The whole loop as GitHub would run it: the consumer repository's copy of workflows-templates/agent-flow.yml,
// calling this library's reusable workflows, whose jobs run the committed dist/ bundles.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let loop: SampleLoop;
let maintainer: Octokit;
let delivered: { issue: number; run: WorkflowRun; wallMs: number };
let clone: string;

// The whole loop runs a dozen bundled-action jobs as child processes: minutes on a loaded 2-core machine.
beforeAll(async () => {
  loop = await startSampleLoop({
    libraryRoot: root,
    sampleDir: path.join(root, 'examples', 'sample-repo'),
    callerWorkflow: path.join(root, 'workflows-templates', 'agent-flow.yml'),
    script: scriptDiscountModel,
    ci: true,
  });
  maintainer = createOctokit({ token: loop.maintainerToken, baseUrl: loop.github.url, fetch: globalThis.fetch, retries: 0 });
  delivered = await loop.deliver(DISCOUNT_ISSUE);
  clone = await mkdtemp(path.join(tmpdir(), 'e2e-clone-'));
  execFileSync('git', ['clone', '--quiet', loop.github.bareRepoPath(loop.repo.owner, loop.repo.repo), clone]);
}, 600_000);

afterAll(async () => {
  await loop?.close();
  if (clone) await rm(clone, { recursive: true, force: true });
});

const job = (id: string) => delivered.run.jobs.find((j) => j.id === id || j.id.endsWith(`/${id}`));

function testsPassAt(sha: string): boolean {
  execFileSync('git', ['-C', clone, 'fetch', '--quiet', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
  execFileSync('git', ['-C', clone, 'checkout', '--quiet', '--detach', sha]);
  return spawnSync('node', ['--test'], { cwd: clone, stdio: 'ignore' }).status === 0;
}

describe('an agent:ready issue becomes a Draft PR whose tests failed before the change and pass after it', () => {
  test('every job of the caller workflow and of the reusable flow succeeds', () => {
    expect(delivered.run.conclusion).toBe('success');
    for (const id of ['plan', 'write-tests', 'publish-tests', 'implement', 'publish-implementation', 'verify', 'report'])
      expect(job(id)?.conclusion).toBe('success');
    expect(job('write-tests')!.outputs.status).toBe('proposed');
    expect(job('implement')!.outputs.status).toBe('green');
    expect(job('publish-implementation')!.outputs.status).toBe('pushed');
    expect(job('verify')!.outputs.state).toBe('success');
  });

  test('plan saves the repo atlas it refreshed; write-tests, implement and review restore that very one out of the checkout and read it, and no commit holds it', () => {
    const plan = job('plan')!;
    expect(plan.steps.find((s) => s.name.startsWith('Post Restore the repo atlas'))?.stdout).toMatch(/^Cache saved with key: repo-atlas-v2-/);
    for (const id of ['plan', 'write-tests', 'implement', 'review']) {
      if (id !== 'plan') {
        const restore = job(id)!.steps.find((s) => s.name.startsWith('Restore the repo atlas'));
        expect([id, restore?.outcome, restore?.outputs['cache-hit']]).toEqual([id, 'success', 'true']);
      }
      const role = job(id)!.steps.find((s) => s.id === 'role');
      const read =
        id === 'plan'
          ? /repo atlas: input repo-atlas \(repo_atlas\.json\)/
          : /repo atlas: \d+ files, read from \S*\/temp\/repo-atlas\/repo_atlas\.json/;
      expect([id, role?.stdout]).toEqual([id, expect.stringMatching(read)]);
    }
    const files = execFileSync('git', ['-C', clone, 'log', '--all', '--name-only', '--format='], { encoding: 'utf8' });
    expect(files.split('\n')).not.toContain('repo_atlas.json');
  });

  test("commits come in order: the branch start, the tests, the implementation, then the scribe's docs", async () => {
    const pr = JSON.parse(job('supervise')!.outputs.matrix!)[0].pr as number;
    const { data: commits } = await maintainer.rest.pulls.listCommits({ ...loop.repo, pull_number: pr });
    expect(commits.map((c) => c.commit.message.split('\n')[0])).toEqual([
      `chore: start agent work on #${delivered.issue}`,
      expect.stringMatching(/^test: /),
      expect.stringMatching(/^feat: /),
      expect.stringMatching(/^docs: /),
    ]);
    expect(commits[1]!.sha).toBe(job('publish-tests')!.outputs.commit);
    expect(commits[2]!.sha).toBe(job('publish-implementation')!.outputs.commit);
    expect(commits[3]!.sha).toBe(job('publish-quality')!.outputs.commit);
    const { data: docsCommit } = await maintainer.rest.repos.getCommit({ ...loop.repo, ref: commits[3]!.sha });
    expect(docsCommit.files!.map((f) => f.filename)).toEqual(['README.md']);
  });

  test('the tests really fail at the test commit and pass at the implementation commit', () => {
    expect(testsPassAt(job('publish-tests')!.outputs.commit!)).toBe(false);
    expect(testsPassAt(job('publish-implementation')!.outputs.commit!)).toBe(true);
  });

  test("the plan is the PR's first comment, and the report its last", async () => {
    const pr = JSON.parse(job('supervise')!.outputs.matrix!)[0].pr as number;
    const { data: comments } = await maintainer.rest.issues.listComments({ ...loop.repo, issue_number: pr });
    expect(comments[0]!.user!.login).toBe('github-actions[bot]');
    expect(comments[0]!.body).toContain('<!-- eternia-agents:sticky:plan -->');
    expect(comments[0]!.body).toContain('AC1');
    expect(comments.at(-1)!.body).toContain('<!-- eternia-agents:sticky:report -->');
    const { data: pull } = await maintainer.rest.pulls.get({ ...loop.repo, pull_number: pr });
    expect(pull.draft).toBe(true);
  });

  test('the dossier the jobs passed along is valid and holds red and green evidence', async () => {
    const dossierArtifacts = loop.results.store.list(undefined, { includeExpired: true }).filter((a) => /^dossier-pr-\d+-\d+$/.test(a.name));
    expect(dossierArtifacts.length).toBeGreaterThanOrEqual(5);
    const latest = dossierArtifacts.sort((a, b) => b.id - a.id)[0]!;
    const folder = path.join(loop.results.store.dir, String(latest.runId), latest.name);
    const dossier = await readDossierFolder(folder);
    const plan = dossier.readJson('plan.json', PlanFileSchema)!;
    const tests = dossier.readJson('tests.json', TestsEvidenceSchema)!;
    const implement = dossier.readJson('implement.json', ImplementEvidenceSchema)!;
    expect(plan.plan.acceptance_criteria.map((c) => c.id)).toEqual(['AC1', 'AC2', 'AC3']);
    expect(tests.status).toBe('red');
    expect(tests.failing.map((t) => t.name).sort()).toEqual([
      'AC1: a percentage discount comes off the total',
      'AC2: the discounted total is rounded to whole cents',
    ]);
    expect(implement.status).toBe('green');
    expect(implement.attempts).toBe(2);
    expect(implement.redNowPassing.sort()).toEqual(tests.failing.map((t) => t.id).sort());
    expect(dossier.manifest.runs.map((r) => r.role)).toEqual(expect.arrayContaining(['plan', 'write-tests', 'publish', 'implement']));
  });

  test('every REST call was valid against GitHub’s OpenAPI description, and the flow stayed within 130 calls', () => {
    expect(loop.github.violations).toEqual([]);
    // 74 for plan → tests → implement → verify → report; the quality jobs (review, security-scan, scribe and their
    // publish: a review, a sticky rubric, a docs push) add about 40.
    const calls = loop.github.requests.filter((r) => r.token === loop.botToken).length;
    expect(calls).toBeLessThanOrEqual(130);
  });

  test('later model calls of a job reuse the earlier call’s prompt prefix (provider caching)', () => {
    const implementCalls = loop.openai!.requests.filter((r) => r.body?.response_format?.json_schema?.name === 'implementation_patch');
    expect(implementCalls).toHaveLength(2);
    const second = implementCalls[1]!.usage!;
    expect(second.cachedTokens / second.promptTokens).toBeGreaterThanOrEqual(0.7);
  });
});
