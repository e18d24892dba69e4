import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runWorkflow } from '../src/workflow/index.js';
import type { WorkflowRun } from '../src/workflow/index.js';
import { git, issuesLabeled, job, makeBench, nodeActionFiles } from './fixtures/workflow/bench.js';
import type { Bench } from './fixtures/workflow/bench.js';

/** The library's reusable workflow: `./actions/who` and `$/actions/who` exist in BOTH repositories, with different answers. */
const flow = `
name: agent-flow
on:
  workflow_call:
    inputs:
      issue:
        type: number
        required: true
      dry-run:
        type: boolean
        default: false
    secrets:
      OPENAI_API_KEY:
        required: true
    outputs:
      dot:
        value: \${{ jobs.plan.outputs.dot }}
      self:
        value: \${{ jobs.plan.outputs.self }}
jobs:
  plan:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    outputs:
      dot: \${{ steps.dot.outputs.who }}
      self: \${{ steps.self.outputs.who }}
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - id: dot
        uses: ./actions/who
      - id: self
        uses: $/actions/who
      - id: pinned
        uses: eternia/agents/actions/who@v1
      - id: composite
        uses: $/actions/wrap
        with:
          note: issue-\${{ inputs.issue }}
      - run: |
          echo "repo=\${{ job.workflow_repository }} sha=\${{ job.workflow_sha }} ref=\${{ job.workflow_ref }}"
          echo "caller=\${{ github.repository }} event=\${{ github.event_name }} dry=\${{ inputs.dry-run }} issue=\${{ inputs.issue }}"
          echo "key-set=\${{ secrets.OPENAI_API_KEY != '' }}"
  report:
    needs: plan
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.plan.outputs.self }}"
`;

const library = {
  '.github/workflows/agent-flow.yml': flow,
  ...nodeActionFiles('actions/who', 'who', "out('who', 'library');"),
  'actions/wrap/action.yml': `name: wrap
description: composite fixture
inputs:
  note:
    description: note
outputs:
  said:
    description: what the inner action said
    value: \${{ steps.inner.outputs.who }}-\${{ inputs.note }}
runs:
  using: composite
  steps:
    - id: inner
      uses: $/actions/who
    - shell: bash
      run: echo "action_path=\${{ github.action_path }} note=\${{ inputs.note }}"
`,
};

const callerWorkflow = `
name: agents
on:
  issues:
    types: [labeled]
jobs:
  flow:
    if: github.event.label.name == 'agent:ready'
    uses: eternia/agents/.github/workflows/agent-flow.yml@v1
    permissions:
      contents: write
    with:
      issue: \${{ github.event.issue.number }}
    secrets: inherit
  after:
    needs: flow
    runs-on: ubuntu-latest
    steps:
      - run: echo "dot=\${{ needs.flow.outputs.dot }} self=\${{ needs.flow.outputs.self }}"
`;

const badCalls = `
on: workflow_dispatch
jobs:
  wrong-type:
    uses: eternia/agents/.github/workflows/agent-flow.yml@v1
    with:
      issue: "seven"
    secrets:
      OPENAI_API_KEY: x
  missing-secret:
    uses: eternia/agents/.github/workflows/agent-flow.yml@v1
    with:
      issue: 1
  unknown-input:
    uses: eternia/agents/.github/workflows/agent-flow.yml@v1
    with:
      issue: 1
      colour: red
    secrets:
      OPENAI_API_KEY: x
  elsewhere:
    uses: other/repo/.github/workflows/x.yml@v1
`;

describe('reusable workflows called from another repository', () => {
  let bench: Bench;
  let run: WorkflowRun;

  beforeAll(async () => {
    bench = makeBench(
      {
        '.github/workflows/agents.yml': callerWorkflow,
        '.github/workflows/bad.yml': badCalls,
        ...nodeActionFiles('actions/who', 'who', "out('who', 'caller');"),
      },
      library,
    );
    run = await runWorkflow(bench.options('.github/workflows/agents.yml', issuesLabeled, { secrets: { OPENAI_API_KEY: 'sk-secret-value' } }));
  });
  afterAll(() => bench.cleanup());

  test('the trap: ./ is the caller workspace, $/ and eternia/agents/...@ref are the library', () => {
    expect(run.conclusion).toBe('success');
    const plan = job(run, 'flow/plan');
    expect(plan.steps.find((s) => s.id === 'dot')?.outputs.who).toBe('caller');
    expect(plan.steps.find((s) => s.id === 'self')?.outputs.who).toBe('library');
    expect(plan.steps.find((s) => s.id === 'pinned')?.outputs.who).toBe('library');
    expect(job(run, 'after').steps[0]?.stdout.trim()).toBe('dot=caller self=library');
  });

  test('job.workflow_* name the library file and commit; github.* stays the caller; inputs typed; secrets inherited and masked', () => {
    const out = job(run, 'flow/plan').steps.at(-1)?.stdout ?? '';
    const sha = git(['rev-parse', 'HEAD'], bench.library);
    expect(out).toContain(`repo=eternia/agents sha=${sha} ref=eternia/agents/.github/workflows/agent-flow.yml@refs/tags/v1`);
    expect(out).toContain('caller=acme/app event=issues dry=false issue=7');
    expect(out).toContain('key-set=true');
    expect(JSON.stringify(run.jobs)).not.toContain('sk-secret-value');
  });

  test('composite actions run their steps, with their own inputs, outputs and action_path', () => {
    const composite = job(run, 'flow/plan').steps.find((s) => s.id === 'composite');
    expect(composite?.outputs.said).toBe('library-issue-7');
    expect(composite?.steps?.map((s) => s.conclusion)).toEqual(['success', 'success']);
    expect(composite?.stdout).toContain(`action_path=${bench.library}/actions/wrap note=issue-7`);
  });

  test('callee jobs are reported as caller/callee; permissions recorded per job', () => {
    expect(run.jobs.map((j) => j.id)).toEqual(['flow/plan', 'flow/report', 'flow', 'after']);
    expect(job(run, 'flow').permissions).toEqual({ contents: 'write' });
    expect(job(run, 'flow/plan').permissions).toEqual({ contents: 'read' });
    expect(job(run, 'flow').outputs).toEqual({ dot: 'caller', self: 'library' });
  });

  test('inputs and secrets are checked against on.workflow_call; unknown repositories are refused', async () => {
    const bad = await runWorkflow(bench.options('.github/workflows/bad.yml', { name: 'workflow_dispatch', payload: {} }));
    expect(job(bad, 'wrong-type').error).toMatch(/input 'issue' expects a number, got "seven"/);
    expect(job(bad, 'missing-secret').error).toMatch(/required secret 'OPENAI_API_KEY' was not provided/);
    expect(job(bad, 'unknown-input').error).toMatch(/input 'colour' is not defined/);
    expect(job(bad, 'elsewhere').error).toMatch(/reusable workflow from 'other\/repo' is not available/);
    expect(bad.jobs.every((j) => j.conclusion === 'failure')).toBe(true);
  });

  test('a reusable workflow can be run directly, as if called', async () => {
    const direct = await runWorkflow({
      ...bench.options('.github/workflows/agents.yml', issuesLabeled),
      workflowFile: `${bench.library}/.github/workflows/agent-flow.yml`,
      inputs: { issue: 3, 'dry-run': true },
      secrets: { OPENAI_API_KEY: 'k' },
    });
    expect(direct.conclusion).toBe('success');
    expect(direct.outputs).toEqual({ dot: 'caller', self: 'library' });
  });
});
