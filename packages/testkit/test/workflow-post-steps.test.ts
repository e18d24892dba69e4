import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAction } from '../src/runner/index.js';
import { runWorkflow } from '../src/workflow/index.js';
import type { WorkflowRun } from '../src/workflow/index.js';
import { makeBench, writeTree } from './fixtures/workflow/bench.js';
import type { Bench } from './fixtures/workflow/bench.js';

/** A node action with a post: main saves state and appends to the order log, post reads the state back. */
function actionWithPost(name: string, postIf?: string): Record<string, string> {
  const log = `require('fs').appendFileSync(process.env.ORDER_LOG, `;
  return {
    [`actions/${name}/action.yml`]: `name: ${name}\ndescription: fixture ${name}\nruns:\n  using: node24\n  main: main.js\n  post: post.js\n${postIf ? `  post-if: ${postIf}\n` : ''}`,
    [`actions/${name}/main.js`]: `${log}'main ${name}\\n');\nrequire('fs').appendFileSync(process.env.GITHUB_STATE, 'token=state-of-${name}\\n');\n`,
    [`actions/${name}/post.js`]: `${log}'post ${name} ' + process.env.STATE_token + '\\n');\nconsole.log('post of ${name} ran');\n`,
  };
}

const workflow = (orderLog: string) => `
on: workflow_dispatch
env:
  ORDER_LOG: ${orderLog}
jobs:
  serve:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - name: Start first
        uses: ./actions/first
      - name: Start second
        uses: ./actions/second
      - uses: ./actions/post-if-success
      - name: Later step
        run: echo "later step" >> "$ORDER_LOG"
      - name: Breaks
        run: exit 1
`;

describe('post phases of node actions', () => {
  let bench: Bench;
  let run: WorkflowRun;
  let orderLog: string;

  beforeAll(async () => {
    orderLog = join(mkdtempSync(join(tmpdir(), 'post-order-')), 'order.log');
    bench = makeBench({
      '.github/workflows/post.yml': workflow(orderLog),
      ...actionWithPost('first'),
      ...actionWithPost('second'),
      ...actionWithPost('post-if-success', 'success()'),
    });
    run = await runWorkflow(bench.options('.github/workflows/post.yml', { name: 'workflow_dispatch', payload: {} }));
  });
  afterAll(() => bench.cleanup());

  test('run at the end of the job, after every later step, last started first, with the state main saved', () => {
    expect(readFileSync(orderLog, 'utf8').split('\n').filter(Boolean)).toEqual([
      'main first',
      'main second',
      'main post-if-success',
      'later step',
      'post second state-of-second',
      'post first state-of-first',
    ]);
  });

  test('appear as "Post <step>" steps; a failed job still runs them, and post-if is honoured', () => {
    const [job] = run.jobs;
    expect(job?.conclusion).toBe('failure');
    expect(job?.steps.map((s) => `${s.name}:${s.conclusion}`)).toEqual([
      'Run actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683:success',
      'Start first:success',
      'Start second:success',
      'Run ./actions/post-if-success:success',
      'Later step:success',
      'Breaks:failure',
      'Post Run ./actions/post-if-success:skipped',
      'Post Start second:success',
      'Post Start first:success',
    ]);
    expect(job?.steps.at(-1)?.stdout).toBe('post of first ran\n');
  });
});

describe('startAction', () => {
  test('runs pre and main, leaves post to finish(), which runs it once with the saved state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-action-'));
    const orderLog = join(dir, 'order.log');
    writeTree(dir, actionWithPost('solo'));
    const started = await startAction({ actionDir: join(dir, 'actions/solo'), env: { ORDER_LOG: orderLog } });
    expect(started.hasPost).toBe(true);
    expect(started.run.phases.map((p) => p.phase)).toEqual(['main']);
    expect(readFileSync(orderLog, 'utf8')).toBe('main solo\n');
    const finished = await started.finish();
    expect(finished.phases.map((p) => `${p.phase}:${p.exitCode}`)).toEqual(['main:0', 'post:0']);
    expect(finished.phases[1]?.stdout).toBe('post of solo ran\n');
    expect(readFileSync(orderLog, 'utf8')).toBe('main solo\npost solo state-of-solo\n');
    await expect(started.finish()).rejects.toThrow(/already called/);
  });
});
