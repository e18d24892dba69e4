import { afterAll, beforeAll, expect, test } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit } from '@eternia/core';
import { DISCOUNT_ISSUE, scriptDiscountModel, startSampleLoop, type SampleLoop, type WorkflowRun } from '@eternia/testkit';

// A human adds needs-human-review while the test author is being asked: nothing may be pushed, and no later job
// may write to the PR.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let loop: SampleLoop;
let delivered: { issue: number; run: WorkflowRun };

// The whole loop runs a dozen bundled-action jobs as child processes: minutes on a loaded 2-core machine.
beforeAll(async () => {
  loop = await startSampleLoop({
    libraryRoot: root,
    sampleDir: path.join(root, 'examples', 'sample-repo'),
    callerWorkflow: path.join(root, 'workflows-templates', 'agent-flow.yml'),
    ci: true,
    script: (openai) => {
      openai.script({
        match: { schemaName: 'test_patch' },
        times: 1,
        // The human acts between the plan job and the push of the test commit.
        reply: () => {
          const repo = loop.github.state.repo(loop.repo.owner, loop.repo.repo)!;
          const pr = repo.issues.find((i) => i.pull)!;
          pr.labels.push(repo.labels.find((l) => l.name === 'needs-human-review')!);
          return { patch: '--- /dev/null\n+++ b/test/x.test.js\n@@ -0,0 +1 @@\n+import "node:test";\n', summary: 'never pushed', covers: ['AC1'] };
        },
      });
      scriptDiscountModel(openai);
    },
  });
  delivered = await loop.deliver(DISCOUNT_ISSUE);
}, 600_000);

afterAll(async () => {
  await loop?.close();
});

test('the freeze label added between two jobs stops every later write', async () => {
  const job = (id: string) => delivered.run.jobs.find((j) => j.id.endsWith(`/${id}`) || j.id === id)!;
  expect(job('plan').conclusion).toBe('success');
  // write-tests only proposes; the publish job re-reads the labels and writes nothing.
  expect(job('write-tests').outputs.status).toBe('proposed');
  expect(job('publish-tests').outputs.frozen).toBe('true');
  expect(job('publish-tests').outputs.commit ?? '').toBe('');
  expect(job('implement').conclusion).toBe('skipped');

  const gh = createOctokit({ token: loop.maintainerToken, baseUrl: loop.github.url, fetch: globalThis.fetch, retries: 0 });
  const pr = JSON.parse(job('supervise').outputs.matrix!)[0].pr as number;
  const { data: commits } = await gh.rest.pulls.listCommits({ ...loop.repo, pull_number: pr });
  expect(commits.map((c) => c.commit.message)).toEqual([`chore: start agent work on #${delivered.issue}`]);
  const { data: comments } = await gh.rest.issues.listComments({ ...loop.repo, issue_number: pr });
  // Only the plan, written before the label: no report, no escalation.
  expect(comments.map((c) => c.body?.match(/sticky:(\w+)/)?.[1])).toEqual(['plan']);
  expect(loop.github.violations).toEqual([]);
});
