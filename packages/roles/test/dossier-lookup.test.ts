import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@eternia/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactDossierStore, Dossier } from '@eternia/dossier';
import { FakeArtifactClient } from '../../dossier/test/fake-artifact-client.js';
import { dossierFindBy } from '@eternia/dossier';
import { findLatestDossierRun } from '../src/dossier-lookup/index.js';
import { flowFixture, type FlowFixture } from './flow-fixture.js';

let fx: FlowFixture;
let counter = 0;

beforeEach(async () => {
  fx = await flowFixture(`lookup${++counter}`);
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
});

/** A finished run of a workflow with the given artifacts. */
async function runWith(workflow: string, artifacts: string[]): Promise<number> {
  const run = await fx.emu.createWorkflowRun({ ...fx.repo, workflow, headBranch: 'main', conclusion: 'success', artifacts: artifacts.map((name) => ({ name, sizeInBytes: 1024 })) });
  return run.id as number;
}

describe('findLatestDossierRun', () => {
  test('finds the newest run that saved a dossier of this PR, in one request', async () => {
    const pr = fx.pr;
    await runWith('agent-flow.yml', [`dossier-pr-${pr}-1`, `dossier-pr-${pr}-2`, `dossier-pr-${pr}-3`]);
    const newer = await runWith('agent-step.yml', [`dossier-pr-${pr}-1`]);
    // Other PRs' dossiers and other artifacts do not count, even when newer.
    await runWith('agent-flow.yml', [`dossier-pr-${pr + 100}-1`, `dossier-pr-${pr}1-1`, 'coverage']);
    const before = fx.emu.requests.length;

    const found = await findLatestDossierRun(fx.bot, { ...fx.repo, pr });

    expect(found).toEqual({ runId: newer, artifactName: `dossier-pr-${pr}-1`, artifactId: expect.any(Number), createdAt: expect.any(String) });
    const made = fx.emu.requests.slice(before);
    expect(made).toHaveLength(1);
    expect(made[0]!.operationId).toBe('actions/list-artifacts-for-repo');
    expect(made[0]!.path).toContain(`name=dossier-pr-${pr}-1`);
  });

  test('null when the PR has no dossier yet', async () => {
    await runWith('ci.yml', ['coverage']);
    expect(await findLatestDossierRun(fx.bot, { ...fx.repo, pr: fx.pr })).toBeNull();
  });

  test('skips expired artifacts and the run that is looking', async () => {
    const pr = fx.pr;
    const older = await runWith('agent-flow.yml', [`dossier-pr-${pr}-1`]);
    const expired = await runWith('agent-flow.yml', [`dossier-pr-${pr}-1`]);
    const current = await runWith('agent-step.yml', [`dossier-pr-${pr}-1`]);
    const record = fx.emu.state.repo(fx.repo.owner, fx.repo.repo)!;
    record.artifacts.find((a) => a.runId === expired)!.expired = true;

    const found = await findLatestDossierRun(fx.bot, { ...fx.repo, pr, excludeRunId: current });
    expect(found?.runId).toBe(older);
  });

  test('a bad PR number is a configuration error naming the input', async () => {
    await expect(findLatestDossierRun(fx.bot, { ...fx.repo, pr: 0 })).rejects.toThrow(ConfigurationError);
    await expect(findLatestDossierRun(fx.bot, { ...fx.repo, pr: 1.5 })).rejects.toThrow(/input 'pr'/);
  });
});

describe('dossierFindBy', () => {
  test('builds the artifact findBy for a run id, nothing without one', () => {
    expect(dossierFindBy({ token: 't', runId: 42, owner: 'acme', repo: 'shop' })).toEqual({ token: 't', workflowRunId: 42, repositoryOwner: 'acme', repositoryName: 'shop' });
    expect(dossierFindBy({ token: 't', runId: undefined, owner: 'acme', repo: 'shop' })).toBeUndefined();
  });
});

describe('the naming the lookup relies on', () => {
  test('a run that continues from an earlier run saves the dossier first as revision 1', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'dossier-lookup-'));
    try {
      const key = { repository: 'acme/shop', pr: 7 };
      const first = new FakeArtifactClient(100);
      const firstStore = new ArtifactDossierStore({ client: first, tempDir: temp });
      const dossier = Dossier.create({ ...key, issue: 3, branch: 'agent/3-x' });
      await firstStore.save(dossier);
      dossier.writeText('note.txt', 'second save');
      await firstStore.save(dossier);

      const second = new FakeArtifactClient(200);
      second.runs.set(100, first.runs.get(100)!);
      const findBy = dossierFindBy({ token: 't', runId: 100, owner: 'acme', repo: 'shop' })!;
      const secondStore = new ArtifactDossierStore({ client: second, tempDir: temp, findBy });
      const loaded = await secondStore.load(key);
      expect(loaded?.readText('note.txt')).toBe('second save');
      await secondStore.save(loaded!);

      expect(first.runs.get(100)!.map((a) => a.name)).toEqual(['dossier-pr-7-1', 'dossier-pr-7-2']);
      expect(second.runs.get(200)!.map((a) => a.name)).toEqual(['dossier-pr-7-1']);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});
