import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startResultsService, type ResultsService } from '../src/artifacts/index.js';
import { runWorkflow } from '../src/workflow/index.js';
import { type Bench, job, makeBench } from './fixtures/workflow/bench.js';

// The job-graph runner with a results service: node actions that use @actions/artifact (the real client)
// and the upload/download-artifact steps share one set of artifacts per run.

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACT_MODULE = pathToFileURL(join(here, '../../../node_modules/@actions/artifact/lib/artifact.js')).href;

// A fixture action, unbundled: it imports the installed client by absolute URL.
const actionYml = `name: artifact-tool
description: uploads or downloads an artifact with @actions/artifact
inputs:
  mode: { description: upload or download, required: true }
  name: { description: artifact name, required: true }
  path: { description: folder, required: true }
outputs:
  id: { description: artifact id }
runs:
  using: node24
  main: index.mjs
`;
const actionMain = `import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
const { DefaultArtifactClient } = await import(${JSON.stringify(ARTIFACT_MODULE)});
const input = (name) => process.env['INPUT_' + name.toUpperCase()] ?? '';
const output = (key, value) => appendFileSync(process.env.GITHUB_OUTPUT, key + '<<EOF_X\\n' + value + '\\nEOF_X\\n');
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const client = new DefaultArtifactClient();
const folder = resolve(process.env.GITHUB_WORKSPACE, input('path'));
if (input('mode') === 'upload') {
  const { id } = await client.uploadArtifact(input('name'), walk(folder), folder);
  output('id', id);
} else {
  const { artifact } = await client.getArtifact(input('name'));
  const { digestMismatch } = await client.downloadArtifact(artifact.id, { path: folder, expectedHash: artifact.digest });
  if (digestMismatch) throw new Error('digest mismatch');
  output('id', artifact.id);
}
`;

const ACTION = 'eternia/agents/actions/artifact-tool@v1';
const workflow = `
on: workflow_dispatch
jobs:
  produce:
    runs-on: ubuntu-latest
    outputs:
      id: \${{ steps.up.outputs.id }}
    steps:
      - run: |
          mkdir -p out/logs
          echo '{"step":"plan"}' > out/plan.json
          echo log > out/logs/a.txt
      - id: up
        uses: ${ACTION}
        with: { mode: upload, name: dossier, path: out }
      - name: run steps get no runtime token
        run: echo "token=[\${ACTIONS_RUNTIME_TOKEN:-}] results=[\${ACTIONS_RESULTS_URL:-}]"
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02
        with: { name: from-step, path: out }
  consume:
    needs: produce
    runs-on: ubuntu-latest
    steps:
      - id: down
        uses: ${ACTION}
        with: { mode: download, name: dossier, path: got }
      - run: cat got/plan.json got/logs/a.txt
      - name: the action downloads what the upload-artifact step made
        uses: ${ACTION}
        with: { mode: download, name: from-step, path: got2 }
      - run: cat got2/plan.json
      - name: the download-artifact step gets what the action made
        uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
        with: { name: dossier, path: got3 }
      - run: cat got3/logs/a.txt
`;

const dispatch = { name: 'workflow_dispatch', payload: {} };
let bench: Bench;
let service: ResultsService;

beforeAll(async () => {
  bench = makeBench(
    { '.github/workflows/flow.yml': workflow },
    { 'actions/artifact-tool/action.yml': actionYml, 'actions/artifact-tool/index.mjs': actionMain },
  );
  service = await startResultsService({ dir: bench.artifacts });
});

afterAll(async () => {
  await service.close();
  bench.cleanup();
});

describe('job-graph runner with a results service', () => {
  test("job 1 uploads with @actions/artifact, job 2 downloads it; steps and actions share the run's artifacts", async () => {
    const run = await runWorkflow(bench.options('.github/workflows/flow.yml', dispatch, { resultsService: service }));
    const produce = job(run, 'produce');
    const consume = job(run, 'consume');
    expect([produce.conclusion, consume.conclusion]).toEqual(['success', 'success']);
    const uploaded = service.store.find(run.runId, 'dossier');
    expect(produce.outputs.id).toBe(String(uploaded?.id));
    expect(uploaded).toMatchObject({ repository: 'acme/app', job: 'produce', files: ['logs/a.txt', 'plan.json'] });
    expect(produce.steps[2]?.stdout).toBe('token=[] results=[]\n');
    expect(consume.steps[0]?.outputs.id).toBe(String(uploaded?.id));
    expect(consume.steps[1]?.stdout).toBe('{"step":"plan"}\nlog\n');
    expect(consume.steps[3]?.stdout).toBe('{"step":"plan"}\n');
    expect(consume.steps[5]?.stdout).toBe('log\n');
    expect(run.artifacts.sort()).toEqual(['dossier', 'from-step']);
    // The service saw the client's calls: both jobs, one run.
    const calls = service.requests.filter((r) => r.route.startsWith('twirp:')).map((r) => r.route);
    expect(calls).toEqual(
      expect.arrayContaining(['twirp:CreateArtifact', 'twirp:FinalizeArtifact', 'twirp:ListArtifacts', 'twirp:GetSignedArtifactURL']),
    );
  });

  test('without a results service the action fails as on a runner without one; GHES and a second store are refused', async () => {
    const run = await runWorkflow(bench.options('.github/workflows/flow.yml', dispatch));
    const produce = job(run, 'produce');
    expect(produce.conclusion).toBe('failure');
    expect(produce.steps[1]?.stderr).toMatch(/Unable to get the ACTIONS_RUNTIME_TOKEN env variable/);
    await expect(
      runWorkflow(bench.options('.github/workflows/flow.yml', dispatch, { resultsService: service, serverUrl: 'https://ghes.example.com' })),
    ).rejects.toThrow(/refuses GitHub Enterprise Server/);
    await expect(
      runWorkflow(bench.options('.github/workflows/flow.yml', dispatch, { resultsService: service, artifactsDir: join(bench.root, 'elsewhere') })),
    ).rejects.toThrow(/must be the results service's store directory/);
  });
});
