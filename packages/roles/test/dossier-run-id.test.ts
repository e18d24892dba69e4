/**
 * `dossier-run-id` in the flow roles' runtime: a run the caller names is used only when it may hold the PR's
 * dossier; a forged one fails with a ConfigurationError naming the input instead of steering the job.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { createRoleRuntime } from '@eternia/action-kit';
import { ArtifactDossierStore, Dossier } from '@eternia/dossier';
import { memoryIO } from '../../core/test/memory-io.js';
import { FakeArtifactClient } from '../../dossier/test/fake-artifact-client.js';
import { BOT, flowFixture, type FlowFixture } from './flow-fixture.js';

const THIS_RUN = 999_999;
let fx: FlowFixture;
let temp: string;
let client: FakeArtifactClient;
let counter = 0;

beforeEach(async () => {
  fx = await flowFixture(`runid${++counter}`);
  fx.emu.addToken('ghs_role', BOT, { type: 'Bot' });
  temp = await mkdtemp(join(tmpdir(), 'dossier-run-id-'));
  client = new FakeArtifactClient(THIS_RUN);
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
  await rm(temp, { recursive: true, force: true });
});

interface Seed {
  workflow?: string;
  headBranch?: string;
  event?: string;
  headRepository?: string;
}

/** A run recorded on the emulator whose artifacts (in the fake artifact service) hold a dossier naming `branch`; a forged one protects no tests. */
async function runHolding(seed: Seed, branch = fx.branch, forged = true): Promise<number> {
  const run = await fx.emu.createWorkflowRun({
    ...fx.repo,
    workflow: seed.workflow ?? 'agent-flow.yml',
    headBranch: seed.headBranch ?? 'main',
    event: seed.event ?? 'issues',
    conclusion: 'success',
    ...(seed.headRepository ? { headRepository: seed.headRepository } : {}),
  });
  const id = run.id as number;
  const writer = new FakeArtifactClient(id);
  const dossier = Dossier.create({ repository: `${fx.repo.owner}/${fx.repo.repo}`, pr: fx.pr, issue: fx.issue, branch });
  dossier.writeJson('protected-tests.json', { tests: forged ? [] : ['test/cart.test.js'] });
  await new ArtifactDossierStore({ client: writer, tempDir: temp }).save(dossier);
  client.runs.set(id, writer.runs.get(id)!);
  return id;
}

function runtime(dossierRunId: number) {
  const env = {
    GITHUB_REPOSITORY: `${fx.repo.owner}/${fx.repo.repo}`,
    GITHUB_API_URL: fx.emu.url,
    GITHUB_WORKSPACE: temp,
    GITHUB_RUN_ID: String(THIS_RUN),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RUNNER_TEMP: temp,
    ACTIONS_RUNTIME_TOKEN: 'runtime-token',
    ACTIONS_RESULTS_URL: 'http://results.invalid/',
  };
  const io = memoryIO();
  return createRoleRuntime(
    'report',
    { githubToken: 'ghs_role', pr: fx.pr, dossierRunId },
    { io, env, cwd: temp, fetch: globalThis.fetch, artifactClient: client },
  );
}

describe('dossier-run-id', () => {
  test("a genuine run's dossier is loaded", async () => {
    const genuine = await runHolding({}, fx.branch, false);
    const rt = await runtime(genuine);
    expect(rt.dossier.readText('protected-tests.json')).toContain('test/cart.test.js');
  });

  test.each<[string, Seed, string]>([
    ['another workflow file', { workflow: 'ci.yml', event: 'push' }, 'workflow'],
    [
      'a dispatch from a branch neither default nor agent',
      { workflow: 'agent-step.yml', event: 'workflow_dispatch', headBranch: 'edited' },
      'branch',
    ],
  ])('a run of %s fails naming the input and the check', async (_what, seed, check) => {
    if (seed.headBranch) {
      const { data: main } = await fx.human.rest.git.getRef({ ...fx.repo, ref: 'heads/main' });
      await fx.human.rest.git.createRef({ ...fx.repo, ref: `refs/heads/${seed.headBranch}`, sha: main.object.sha });
    }
    const forged = await runHolding(seed);
    const attempt = runtime(forged);
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(runtime(forged)).rejects.toThrow(new RegExp(`^input 'dossier-run-id': workflow run ${forged} refused \\(${check}\\)`));
    expect(client.calls.filter((c) => c.startsWith('download'))).toEqual([]);
  });

  test("a fork PR's run fails before anything is downloaded", async () => {
    await fx.emu.createRepo({ owner: 'mallory', name: fx.repo.repo, files: { 'README.md': '# fork\n' } });
    const forged = await runHolding({ event: 'pull_request', headRepository: `mallory/${fx.repo.repo}` });
    await expect(runtime(forged)).rejects.toThrow(new RegExp(`input 'dossier-run-id': workflow run ${forged} refused \\(fork\\)`));
    expect(client.calls).toEqual([]);
  });

  test('a run id the repository does not have fails naming the input', async () => {
    await expect(runtime(123_456_789)).rejects.toThrow(
      /^input 'dossier-run-id': workflow run 123456789 refused \(repository\): .* has no such workflow run \(404\)/,
    );
  });

  test('a trusted run whose dossier names another branch fails naming the input', async () => {
    const forged = await runHolding({}, 'agent/99-other');
    await expect(runtime(forged)).rejects.toThrow(
      new RegExp(`input 'dossier-run-id': workflow run ${forged} refused \\(manifest\\): .*branch "agent/99-other"`),
    );
  });
});
