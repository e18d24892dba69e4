import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactStore, runWorkflow } from '../src/workflow/index.js';
import { git, job, makeBench } from './fixtures/workflow/bench.js';
import type { Bench } from './fixtures/workflow/bench.js';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';
const UPLOAD = 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02';
const DOWNLOAD = 'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093';

const checkoutWorkflow = `
on: workflow_dispatch
jobs:
  co:
    runs-on: ubuntu-latest
    steps:
      - id: default
        uses: ${CHECKOUT}
      - run: |
          echo "branch=$(git rev-parse --abbrev-ref HEAD) origin=$(git remote get-url origin) depth=$(git rev-list --count HEAD)"
          cat file.txt
      - id: feature
        uses: ${CHECKOUT}
        with:
          ref: feature
          path: feat
          fetch-depth: 0
      - working-directory: feat
        run: |
          echo "branch=$(git rev-parse --abbrev-ref HEAD) depth=$(git rev-list --count HEAD)"
          cat file.txt
      - uses: ${CHECKOUT}
        with:
          ref: no-such-branch
          path: nope
`;

const artifactWorkflow = `
on: workflow_dispatch
jobs:
  produce:
    runs-on: ubuntu-latest
    steps:
      - run: |
          mkdir -p dossier/logs
          echo '{"step":"plan"}' > dossier/plan.json
          echo log > dossier/logs/a.txt
          echo hidden > dossier/.secret
      - id: up
        uses: ${UPLOAD}
        with:
          name: dossier
          path: dossier
      - name: duplicate
        uses: ${UPLOAD}
        continue-on-error: true
        with:
          name: dossier
          path: dossier
  consume:
    needs: produce
    runs-on: ubuntu-latest
    steps:
      - id: down
        uses: ${DOWNLOAD}
        with:
          name: dossier
          path: restored
      - run: |
          cat restored/plan.json restored/logs/a.txt
          test ! -e restored/.secret && echo "no hidden file"
          echo "\${{ steps.down.outputs.download-path }}"
`;

const laterRun = `
on:
  workflow_dispatch:
    inputs:
      run-id:
        type: string
        required: true
jobs:
  resume:
    runs-on: ubuntu-latest
    steps:
      - uses: ${DOWNLOAD}
        with:
          name: dossier
          path: previous
          run-id: \${{ inputs.run-id }}
          github-token: \${{ github.token }}
      - run: cat previous/plan.json
      - name: without token it is this run
        uses: ${DOWNLOAD}
        with:
          name: dossier
          run-id: \${{ inputs.run-id }}
`;

const dispatch = { name: 'workflow_dispatch', payload: {} };

describe('actions/checkout and artifact emulation', () => {
  let bench: Bench;
  beforeAll(() => {
    bench = makeBench({
      'file.txt': 'main v1\n',
      '.github/workflows/co.yml': checkoutWorkflow,
      '.github/workflows/art.yml': artifactWorkflow,
      '.github/workflows/later.yml': laterRun,
    });
    // A second commit on main and a feature branch in the bare repo the emulator would serve.
    writeFileSync(join(bench.caller, 'file.txt'), 'main v2\n');
    git(['commit', '-q', '-am', 'second'], bench.caller);
    git(['checkout', '-q', '-b', 'feature'], bench.caller);
    writeFileSync(join(bench.caller, 'file.txt'), 'feature\n');
    git(['commit', '-q', '-am', 'feature'], bench.caller);
    git(['push', '-q', bench.bare, 'main', 'feature'], bench.caller);
  });
  afterAll(() => bench.cleanup());

  test('checkout clones the bare repo: event ref shallow by default, ref/path/fetch-depth honoured, origin set, bad ref fails', async () => {
    const run = await runWorkflow(bench.options('.github/workflows/co.yml', dispatch));
    const steps = job(run, 'co').steps;
    const head = git(['rev-parse', 'main'], bench.bare);
    expect(steps[0]?.outputs).toEqual({ ref: 'refs/heads/main', commit: head });
    expect(steps[1]?.stdout).toBe(`branch=main origin=${bench.bare} depth=1\nmain v2\n`);
    expect(steps[2]?.outputs.ref).toBe('refs/heads/feature');
    expect(steps[3]?.stdout).toBe('branch=feature depth=3\nfeature\n');
    expect(steps[4]?.conclusion).toBe('failure');
    expect(steps[4]?.error).toMatch(/'no-such-branch' could not be found/);
  });

  test('upload in one job, download in a later job and in a later run (run-id + github-token)', async () => {
    const first = await runWorkflow(bench.options('.github/workflows/art.yml', dispatch));
    expect(first.artifacts).toEqual(['dossier']);
    const produce = job(first, 'produce');
    expect(produce.steps[1]?.outputs['artifact-id']).toMatch(/^\d+$/);
    expect(produce.steps[2]?.outcome).toBe('failure');
    expect(produce.steps[2]?.error).toMatch(/already exists/);
    const consume = job(first, 'consume');
    expect(consume.conclusion).toBe('success');
    expect(consume.steps[1]?.stdout).toMatch(/^\{"step":"plan"\}\nlog\nno hidden file\n\/.*\/restored\n$/);

    const store = new ArtifactStore(bench.artifacts);
    expect(store.list(first.runId).map((a) => [a.name, a.files.sort()])).toEqual([['dossier', ['logs/a.txt', 'plan.json']]]);

    const second = await runWorkflow(bench.options('.github/workflows/later.yml', dispatch, { inputs: { 'run-id': String(first.runId) } }));
    expect(second.runId).toBeGreaterThan(first.runId);
    const resume = job(second, 'resume');
    expect(resume.steps[1]?.stdout).toBe('{"step":"plan"}\n');
    expect(resume.steps[2]?.conclusion).toBe('failure');
    expect(resume.steps[2]?.error).toMatch(/Artifact not found for name: dossier \(run \d+\)/);
  });
});
