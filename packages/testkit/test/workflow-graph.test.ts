import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runWorkflow } from '../src/workflow/index.js';
import type { WorkflowRun } from '../src/workflow/index.js';
import { issuesLabeled, issuesOpened, job, makeBench, nodeActionFiles } from './fixtures/workflow/bench.js';
import type { Bench } from './fixtures/workflow/bench.js';

const graph = `
name: graph
on:
  issues:
    types: [labeled]
permissions:
  contents: read
env:
  GREETING: hello
jobs:
  report:
    needs: [plan, build]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "plan=\${{ needs.plan.result }} build=\${{ needs.build.result }} legs=\${{ needs.build.outputs.last }}"
  supervisor:
    runs-on: ubuntu-latest
    permissions:
      issues: write
    concurrency:
      group: supervisor-\${{ github.event.issue.number }}
      cancel-in-progress: true
    outputs:
      matrix: \${{ steps.pick.outputs.matrix }}
      label: \${{ steps.pick.outputs.label }}
    steps:
      - id: pick
        uses: ./actions/pick
        with:
          label: \${{ github.event.label.name }}
  build:
    needs: supervisor
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.supervisor.outputs.matrix) }}
    outputs:
      last: \${{ steps.leg.outputs.value }}
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4
      - id: leg
        run: echo "value=\${{ matrix.issue }}-\${{ env.GREETING }}-\${{ strategy.job-index }}" >> "$GITHUB_OUTPUT"
  plan:
    needs: supervisor
    if: needs.supervisor.outputs.label == 'AGENT:READY'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - name: exports
        run: |
          echo "PLAN_FILE=plan.json" >> "$GITHUB_ENV"
          echo '{"ok":true}' > plan.json
      - name: fails
        run: |
          echo "before failing"
          exit 3
      - name: never
        run: echo never
      - name: on failure
        if: failure()
        run: echo "cleanup saw $PLAN_FILE"
      - name: always
        if: always()
        run: echo always
`;

const pick = nodeActionFiles(
  'actions/pick',
  'pick',
  `
out('matrix', JSON.stringify({ include: [{ issue: 7 }, { issue: 9 }] }));
out('label', process.env.INPUT_LABEL);
console.log('picked for ' + process.env.GITHUB_REPOSITORY + ' in ' + process.cwd());
`,
  ['label'],
);

const failing = `
on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      x: \${{ steps.s.outputs.x }}
    steps:
      - id: s
        run: echo "x=1" >> "$GITHUB_OUTPUT"
      - run: exit 1
        continue-on-error: true
      - run: echo ran-after-continue
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  c:
    needs: b
    runs-on: ubuntu-latest
    steps:
      - run: echo c
  d:
    needs: c
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo "d sees a.x=\${{ needs.c.result }}"
  empty:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        item: \${{ fromJSON('[]') }}
    steps:
      - run: echo never
  unknown:
    runs-on: ubuntu-latest
    steps:
      - uses: some-org/some-action@v1
      - run: echo never
  slow:
    runs-on: ubuntu-latest
    timeout-minutes: 0.02
    steps:
      - run: sleep 5
`;

const dispatchTyped = `
on:
  workflow_dispatch:
    inputs:
      step:
        type: choice
        options: [plan, implement]
        required: true
      pr:
        type: number
        required: true
      dry:
        type: boolean
        default: true
jobs:
  show:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ inputs.step }} \${{ inputs.pr }} \${{ inputs.dry }} \${{ github.event.inputs.pr }} \${{ inputs.pr == 12 }}"
`;

describe('job graph', () => {
  let bench: Bench;
  let run: WorkflowRun;
  const lines: string[] = [];

  beforeAll(async () => {
    bench = makeBench({
      '.github/workflows/graph.yml': graph,
      '.github/workflows/failing.yml': failing,
      '.github/workflows/dispatch.yml': dispatchTyped,
      ...pick,
    });
    // `./actions/pick` is in the workspace only after a checkout: the supervisor job lacks one, so give it one.
    run = await runWorkflow(bench.options('.github/workflows/graph.yml', issuesLabeled, { log: (line) => lines.push(line) }));
  });
  afterAll(() => bench.cleanup());

  test('a local action used before actions/checkout fails the way GitHub says', () => {
    const supervisor = job(run, 'supervisor');
    expect(supervisor.conclusion).toBe('failure');
    expect(supervisor.steps[0]?.error).toMatch(/Can't find 'action.yml'.*Did you forget to run actions\/checkout/);
    // Everything after it is skipped, except the always() job.
    expect(job(run, 'build').conclusion).toBe('skipped');
    expect(job(run, 'report').conclusion).toBe('success');
    expect(job(run, 'report').steps[0]?.stdout).toContain('plan=skipped build=skipped');
    expect(run.conclusion).toBe('failure');
    expect(run.jobs.map((j) => j.id)).toEqual(['supervisor', 'build', 'plan', 'report']);
  });

  test('needs order, matrix from a job output, job outputs, if: failure()/always(), env export', async () => {
    const withCheckout = graph.replace(
      '      - id: pick\n',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - id: pick\n',
    );
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    writeFileSync(join(bench.caller, '.github/workflows/graph2.yml'), withCheckout);
    const result = await runWorkflow(bench.options('.github/workflows/graph2.yml', issuesLabeled));
    expect(result.jobs.map((j) => `${j.id}${j.matrix ? JSON.stringify(j.matrix) : ''}`)).toEqual([
      'supervisor',
      'build{"issue":7}',
      'build{"issue":9}',
      'plan',
      'report',
    ]);
    const supervisor = job(result, 'supervisor');
    expect(supervisor.conclusion).toBe('success');
    expect(supervisor.outputs.label).toBe('agent:ready');
    expect(supervisor.steps[1]?.stdout).toMatch(/picked for acme\/app in \S+\/workspace\n/);
    expect(supervisor.permissions).toEqual({ issues: 'write' });
    expect(supervisor.concurrency).toEqual({ group: 'supervisor-7', cancelInProgress: true });
    expect(job(result, 'build', 0).steps[1]?.outputs.value).toBe('7-hello-0');
    expect(job(result, 'build', 1).steps[1]?.outputs.value).toBe('9-hello-1');
    expect(job(result, 'build').permissions).toEqual({ contents: 'read' });
    const plan = job(result, 'plan');
    expect(plan.conclusion).toBe('failure');
    expect(plan.steps.map((s) => `${s.name}:${s.conclusion}`)).toEqual([
      'Run actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683:success',
      'exports:success',
      'fails:failure',
      'never:skipped',
      'on failure:success',
      'always:success',
    ]);
    expect(plan.steps[2]?.stdout).toContain('before failing');
    expect(plan.steps[2]?.error).toContain('exit code 3');
    expect(plan.steps[4]?.stdout).toContain('cleanup saw plan.json');
    expect(job(result, 'report').steps[0]?.stdout).toContain('plan=failure build=success legs=9-hello-1');
    expect(result.conclusion).toBe('failure');
  });

  test('the event must match on: — issues opened does not start an issues: labeled workflow', async () => {
    const result = await runWorkflow(bench.options('.github/workflows/graph.yml', issuesOpened));
    expect(result.triggered).toBe(false);
    expect(result.jobs).toEqual([]);
    const push = await runWorkflow(bench.options('.github/workflows/graph.yml', { name: 'push', payload: { ref: 'refs/heads/main' } }));
    expect(push.triggered).toBe(false);
  });

  test('failure propagation, continue-on-error, empty matrix, unknown action, timeout', async () => {
    const result = await runWorkflow(bench.options('.github/workflows/failing.yml', { name: 'workflow_dispatch', payload: {} }));
    const a = job(result, 'a');
    expect(a.conclusion).toBe('success');
    expect(a.steps.map((s) => `${s.outcome}/${s.conclusion}`)).toEqual(['success/success', 'failure/success', 'success/success']);
    expect(a.outputs).toEqual({ x: '1' });
    expect(job(result, 'b').conclusion).toBe('failure');
    expect(job(result, 'c').conclusion).toBe('skipped');
    // failure() looks at every ancestor, not only the direct need (c was skipped, b failed).
    expect(job(result, 'd').conclusion).toBe('success');
    expect(job(result, 'd').steps[0]?.stdout).toContain('d sees a.x=skipped');
    expect(job(result, 'empty').conclusion).toBe('failure');
    expect(job(result, 'empty').error).toMatch(/Matrix vector 'item' does not contain any values/);
    const unknown = job(result, 'unknown');
    expect(unknown.steps[0]?.error).toMatch(/third-party action 'some-org\/some-action@v1' is not available/);
    expect(unknown.steps[1]?.conclusion).toBe('skipped');
    const slow = job(result, 'slow');
    expect(slow.conclusion).toBe('failure');
    expect(slow.steps[0]?.error).toMatch(/timed out/);
    expect(result.conclusion).toBe('failure');
  });

  test('workflow_dispatch inputs are typed, defaulted and validated', async () => {
    const ok = await runWorkflow(
      bench.options('.github/workflows/dispatch.yml', { name: 'workflow_dispatch', payload: {} }, { inputs: { step: 'plan', pr: '12' } }),
    );
    expect(job(ok, 'show').steps[0]?.stdout.trim()).toBe('plan 12 true 12 true');
    await expect(
      runWorkflow(bench.options('.github/workflows/dispatch.yml', { name: 'workflow_dispatch', payload: {} }, { inputs: { step: 'deploy', pr: 1 } })),
    ).rejects.toThrow(/input 'step' must be one of \[plan, implement\]/);
    await expect(
      runWorkflow(bench.options('.github/workflows/dispatch.yml', { name: 'workflow_dispatch', payload: {} }, { inputs: { step: 'plan' } })),
    ).rejects.toThrow(/required input 'pr'/);
    await expect(
      runWorkflow(
        bench.options('.github/workflows/dispatch.yml', { name: 'workflow_dispatch', payload: {} }, { inputs: { step: 'plan', pr: 1, nope: 1 } }),
      ),
    ).rejects.toThrow(/input 'nope' is not defined/);
  });
});
