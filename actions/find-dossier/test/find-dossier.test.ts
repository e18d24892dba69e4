/**
 * find-dossier in process (its role through the host, with an in-memory IO) against the GitHub emulator; the dossiers themselves
 * sit in a fake artifact service keyed by the emulator's run ids, so each candidate's manifest is really read.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactDossierStore, Dossier } from '@eternia/dossier';
import { memoryIO, type MemoryIO } from '../../../packages/core/test/memory-io.js';
import { FakeArtifactClient } from '../../../packages/dossier/test/fake-artifact-client.js';
import { flowFixture, type FlowFixture } from '../../../packages/roles/test/flow-fixture.js';
import { runRole } from '@eternia/action-kit';
import { role } from '../src/role.js';

const THIS_RUN = 888_888;
let fx: FlowFixture;
let temp: string;
let client: FakeArtifactClient;

beforeEach(async () => {
  fx = await flowFixture('find');
  temp = await mkdtemp(join(tmpdir(), 'find-dossier-'));
  client = new FakeArtifactClient(THIS_RUN);
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
  await rm(temp, { recursive: true, force: true });
});

/** A trusted-looking run of the agent flow on the default branch whose dossier names `origin`. */
async function flowRunSaving(origin: { pr: number; branch: string }): Promise<number> {
  const recorded = await fx.emu.createWorkflowRun({
    ...fx.repo,
    workflow: 'agent-flow.yml',
    event: 'issues',
    conclusion: 'success',
    artifacts: [{ name: `dossier-pr-${fx.pr}-1` }],
  });
  const id = recorded.id as number;
  const writer = new FakeArtifactClient(id);
  const dossier = Dossier.create({ repository: `${fx.repo.owner}/${fx.repo.repo}`, issue: fx.issue, ...origin });
  await new ArtifactDossierStore({ client: writer, tempDir: temp }).save(dossier);
  // Saved under this PR's name whatever the manifest says, as a forger would.
  const artifacts = writer.runs.get(id)!.map((a) => ({ ...a, name: `dossier-pr-${fx.pr}-1` }));
  client.runs.set(id, artifacts);
  return id;
}

async function findDossier(inputs: Record<string, string> = {}): Promise<MemoryIO> {
  const io = memoryIO({ inputs: { 'github-token': 'ghs_bot', pr: String(fx.pr), ...inputs } });
  const env = {
    GITHUB_REPOSITORY: `${fx.repo.owner}/${fx.repo.repo}`,
    GITHUB_API_URL: fx.emu.url,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_RUN_ID: String(THIS_RUN),
    RUNNER_TEMP: temp,
  };
  await runRole(role, { io, env, cwd: temp, fetch: globalThis.fetch, artifactClient: client });
  return io;
}

describe('find-dossier', () => {
  test('a newer dossier naming another branch is refused, named in the summary, and the genuine older run is output', async () => {
    const genuine = await flowRunSaving({ pr: fx.pr, branch: fx.branch });
    const forged = await flowRunSaving({ pr: fx.pr, branch: 'agent/99-other' });
    const io = await findDossier();
    expect(io.outputs).toMatchObject({ found: 'true', 'run-id': String(genuine), branch: fx.branch });
    expect(io.logs.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringContaining(`workflow run ${forged} refused (manifest)`),
    ]);
    expect(io.summary.join('\n')).toContain(`workflow run ${forged} refused (manifest)`);
  });

  test('when every candidate is refused the step starts fresh and says why', async () => {
    const forged = await flowRunSaving({ pr: fx.pr + 1, branch: fx.branch });
    const io = await findDossier();
    expect(io.outputs).toMatchObject({ found: 'false', 'run-id': '' });
    expect(io.summary.join('\n')).toMatch(/No trusted dossier of PR #\d+ was found \(1 refused, listed below\): the step starts a new dossier/);
    expect(io.summary.join('\n')).toContain(`workflow run ${forged} refused (manifest)`);
  });

  test('the workflows input replaces the allow-list', async () => {
    await flowRunSaving({ pr: fx.pr, branch: fx.branch });
    const io = await findDossier({ workflows: '.github/workflows/other.yml\n' });
    expect(io.outputs).toMatchObject({ found: 'false' });
    expect(io.summary.join('\n')).toMatch(
      /refused \(workflow\): the run's workflow file "\.github\/workflows\/agent-flow\.yml" is not one of \.github\/workflows\/other\.yml/,
    );
  });
});
