/**
 * npm run demo: the supervisor on the sample repository, offline. A GitHub emulator stands in for github.com;
 * the bundled action runs exactly as the runner runs it. Prints what happened on the emulated GitHub.
 */
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createOctokit } from '@eternia/core';
import { runAction, startGitHubEmulator, webhookPayload } from '@eternia/testkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const owner = 'acme';
const name = 'sample-shop';
const token = 'ghs_demo_job_token_000000000000';

const say = (line = '') => process.stdout.write(line + '\n');

async function main(): Promise<void> {
  const started = Date.now();
  const emu = await startGitHubEmulator();
  const workspace = await mkdtemp(path.join(tmpdir(), 'eternia-demo-'));
  try {
    emu.addToken(token, 'github-actions[bot]', { type: 'Bot' });
    emu.addToken('maintainer-token', 'maintainer');
    await emu.createRepo({ owner, name, fromDir: path.join(root, 'examples', 'sample-repo') });
    const repo = { owner, repo: name };
    for (const label of ['agent:ready', 'needs-human-review', 'red-mode', 'bug']) await emu.createLabel({ ...repo, name: label });
    say(`GitHub emulator at ${emu.url}; repository ${owner}/${name} from examples/sample-repo`);

    const maintainer = createOctokit({ token: 'maintainer-token', baseUrl: emu.url, fetch: globalThis.fetch });
    const { data: issue } = await maintainer.rest.issues.create({
      ...repo,
      title: 'Apply a percentage discount code to the cart total',
      body: 'Customers enter a code like SAVE10. `cartTotal(lines, discountPercent)` should take it off the total, rounded to whole cents.',
    });
    await maintainer.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['agent:ready'] });
    say(`maintainer filed issue #${issue.number} "${issue.title}" and labeled it agent:ready`);

    const event = webhookPayload('issues', 'labeled') as Record<string, any>;
    const payload = {
      ...event,
      label: { ...event.label, name: 'agent:ready' },
      issue: { ...event.issue, number: issue.number, title: issue.title },
      repository: { ...event.repository, name, full_name: `${owner}/${name}`, owner: { ...event.repository.owner, login: owner } },
    };
    say('running the bundled supervisor action (dist/supervisor/index.js) for the issues.labeled event…');
    const run = await runAction({
      actionDir: path.join(root, 'actions', 'supervisor'),
      event: { name: 'issues', payload },
      repository: `${owner}/${name}`,
      apiUrl: emu.url,
      workspace,
      token,
    });
    if (run.exitCode !== 0) {
      say(run.stdout);
      throw new Error(`the supervisor failed with exit code ${run.exitCode}`);
    }
    const matrix = JSON.parse(run.outputs.matrix ?? '[]') as Array<{ issue: number; pr: number; branch: string }>;
    say(`supervisor finished in ${run.durationMs} ms; output matrix = ${run.outputs.matrix}`);
    say();

    for (const item of matrix) {
      const { data: pr } = await maintainer.rest.pulls.get({ ...repo, pull_number: item.pr });
      say(`branch   ${item.branch}  (head ${pr.head.sha.slice(0, 7)}, from ${pr.base.ref})`);
      say(`PR #${pr.number}   "${pr.title}"  draft=${pr.draft}  ${pr.html_url}`);
      say(`         body: ${pr.body?.split('\n')[0]}`);
      const { data: comments } = await maintainer.rest.issues.listComments({ ...repo, issue_number: item.issue });
      for (const c of comments) say(`issue #${item.issue} comment by ${c.user?.login}: ${c.body?.split('\n').find((l) => l.trim() && !l.startsWith('<!--'))}`);
    }
    say();
    say(`REST calls made by the supervisor: ${emu.requests.filter((r) => r.token === token).length}; OpenAPI violations: ${emu.violations.length}`);
    say(`demo wall time: ${Date.now() - started} ms`);
  } finally {
    await emu.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
