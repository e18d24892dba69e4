/**
 * preview-comment against the GitHub emulator (deployments, statuses, the sticky comment) and real preview servers
 * on 127.0.0.1: one comment per PR, updated in place, with each preview's health.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { manualClock } from '@eternia/core';
import { pullFromEvent, runPreviewComment, type PreviewSettings } from '../src/preview-comment/index.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { BOT, quietLog, supervisorFixture, type SupervisorFixture } from './supervisor-fixture.js';

let fx: SupervisorFixture;
let previews: HealthServer;
let pr: number;
let headSha: string;
let counter = 0;

beforeEach(async () => {
  fx = await supervisorFixture(`preview${++counter}`);
  previews = await startHealthServer();
  const { data: main } = await fx.human.rest.git.getRef({ ...fx.repo, ref: 'heads/main' });
  await fx.human.rest.git.createRef({ ...fx.repo, ref: 'refs/heads/feature', sha: main.object.sha });
  const { data: change } = await fx.human.rest.repos.createOrUpdateFileContents({
    ...fx.repo,
    path: 'feature.txt',
    message: 'feature',
    content: Buffer.from('new\n').toString('base64'),
    branch: 'feature',
  });
  const created = await fx.emu.createPullRequest({ ...fx.repo, title: 'Feature', head: 'feature', user: 'maintainer' });
  pr = created.number as number;
  headSha = change.commit.sha!;
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await previews.close();
  await fx.close();
});

const settings = (over: Partial<PreviewSettings> = {}): PreviewSettings => ({
  services: [{ name: 'api', urlPattern: `${previews.url}/api-pr-{pr}` }],
  environments: [],
  healthPath: '/healthz',
  timeoutMs: 2000,
  botLogin: BOT,
  ...over,
});

const preview = (over: Partial<PreviewSettings> = {}) =>
  runPreviewComment(
    { octokit: fx.bot, repo: fx.repo, settings: settings(over), fetch: globalThis.fetch, clock: manualClock(), log: quietLog },
    { number: pr, headSha },
  );

async function deploy(environment: string, statuses: { state: 'success' | 'failure' | 'in_progress'; url?: string }[], sha = headSha) {
  const { data } = await fx.human.rest.repos.createDeployment({
    ...fx.repo,
    ref: sha,
    environment,
    required_contexts: [],
    auto_merge: false,
    transient_environment: true,
  });
  const id = (data as { id: number }).id;
  for (const s of statuses)
    await fx.human.rest.repos.createDeploymentStatus({ ...fx.repo, deployment_id: id, state: s.state, ...(s.url ? { environment_url: s.url } : {}) });
  return id;
}

const botComments = async () => (await fx.human.rest.issues.listComments({ ...fx.repo, issue_number: pr })).data.filter((c) => c.user?.login === BOT);

describe('preview-comment', () => {
  test("lists the Vercel deployment's environment_url and the Fly pattern URL with their health, in one comment kept up to date", async () => {
    previews.set('/web-preview/healthz', 200);
    previews.set(`/api-pr-${pr}/healthz`, 503);
    await deploy('Preview', [{ state: 'in_progress' }, { state: 'success', url: `${previews.url}/web-preview` }]);

    const first = await preview();
    expect(first.rows).toEqual([
      { service: 'Preview', url: `${previews.url}/web-preview`, health: 'healthy', healthy: true, commit: headSha, source: 'deployment' },
      { service: 'api', url: `${previews.url}/api-pr-${pr}`, health: 'HTTP 503, expected 200', healthy: false, commit: headSha, source: 'pattern' },
    ]);
    expect(first.comment.action).toBe('created');
    const [comment] = await botComments();
    expect(comment!.body).toContain('| Service | URL | Health (`/healthz`) | Commit |');
    expect(comment!.body).toContain(`| Preview | ${previews.url}/web-preview | ✅ healthy | ${headSha.slice(0, 7)} |`);
    expect(comment!.body).toContain(`| api | ${previews.url}/api-pr-${pr} | ❌ HTTP 503, expected 200 | ${headSha.slice(0, 7)} |`);

    // The API comes up: the same comment is updated, no second one.
    previews.set(`/api-pr-${pr}/healthz`, 200);
    const second = await preview();
    expect(second.comment).toEqual({ id: first.comment.id, action: 'updated' });
    expect(await botComments()).toHaveLength(1);
    expect((await botComments())[0]!.body).toContain(`| api | ${previews.url}/api-pr-${pr} | ✅ healthy |`);
    expect((await preview()).comment.action).toBe('unchanged');
  });

  test('skips failed and other-commit deployments, filters environments, and refuses non-http environment URLs', async () => {
    previews.set('/ok/healthz', 200);
    await deploy('Preview', [{ state: 'failure', url: `${previews.url}/broken` }]);
    await deploy('Storybook', [{ state: 'success', url: `${previews.url}/ok` }]);
    await deploy('Docs', [{ state: 'success', url: 'file:///etc/passwd' }]);
    const warnings: string[] = [];
    const result = await runPreviewComment(
      {
        octokit: fx.bot,
        repo: fx.repo,
        settings: settings({ services: [] }),
        fetch: globalThis.fetch,
        clock: manualClock(),
        log: { info: () => {}, warning: (m) => warnings.push(m) },
      },
      { number: pr, headSha },
    );
    expect(result.rows.map((r) => r.service)).toEqual(['Storybook']);
    expect(warnings).toEqual([expect.stringContaining('(Docs): environment_url skipped: the URL must use http or https, not file')]);
    const only = await preview({ services: [], environments: ['docs-site'] });
    expect(only.rows).toEqual([]);
    expect((await botComments())[0]!.body).toContain('No preview URL for');
  });

  test('a deployment name cannot break the table or inject Markdown', async () => {
    previews.set('/x/healthz', 200);
    await deploy('evil | <img src=x> [link](https://e.example)', [{ state: 'success', url: `${previews.url}/x` }]);
    await preview({ services: [] });
    const body = (await botComments())[0]!.body!;
    const row = body.split('\n').find((l) => l.includes('evil'))!;
    expect(row.split('|')).toHaveLength(6);
    expect(row).not.toContain('<img');
    expect(row).not.toContain('[link]');
  });

  test('finds the PR of a deployment_status event by its commit, and of a pull_request event by its number', async () => {
    expect(await pullFromEvent(fx.bot, fx.repo, 'deployment_status', { deployment: { sha: headSha, ref: 'feature' } })).toEqual({
      number: pr,
      headSha,
    });
    expect(await pullFromEvent(fx.bot, fx.repo, 'pull_request', { pull_request: { number: pr } })).toEqual({ number: pr, headSha });
    expect(await pullFromEvent(fx.bot, fx.repo, 'deployment_status', { deployment: { sha: 'f'.repeat(40), ref: 'main' } })).toBeNull();
    expect(await pullFromEvent(fx.bot, fx.repo, 'push', {})).toBeNull();
  });
});
