import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@eternia/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactDossierStore, Dossier, type DossierOrigin } from '@eternia/dossier';
import { FakeArtifactClient } from '../../dossier/test/fake-artifact-client.js';
import { dossierFindBy } from '@eternia/dossier';
import { findLatestDossierRun, type DossierLookupDeps } from '../src/dossier-lookup/index.js';
import { flowFixture, type FlowFixture } from './flow-fixture.js';

let fx: FlowFixture;
let counter = 0;
/** What each run's dossier says about itself; runs not listed hold a genuine dossier of the PR. */
let origins: Map<number, DossierOrigin>;
let deps: DossierLookupDeps;

beforeEach(async () => {
  fx = await flowFixture(`lookup${++counter}`);
  origins = new Map();
  const genuine = (): DossierOrigin => ({ repository: `${fx.repo.owner}/${fx.repo.repo}`, pr: fx.pr, branch: fx.branch });
  deps = { readOrigin: async (runId) => origins.get(runId) ?? genuine() };
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
});

interface RunOptions {
  workflow?: string;
  headBranch?: string;
  event?: string;
  headRepository?: string;
}

/** A finished run with the given artifacts: by default the agent flow, started on the default branch. */
async function runWith(artifacts: string[], options: RunOptions = {}): Promise<number> {
  const run = await fx.emu.createWorkflowRun({
    ...fx.repo,
    workflow: options.workflow ?? 'agent-flow.yml',
    headBranch: options.headBranch ?? 'main',
    event: options.event ?? 'issues',
    ...(options.headRepository ? { headRepository: options.headRepository } : {}),
    conclusion: 'success',
    artifacts: artifacts.map((name) => ({ name, sizeInBytes: 1024 })),
  });
  return run.id as number;
}

const query = () => ({ ...fx.repo, pr: fx.pr, branch: fx.branch });

describe('findLatestDossierRun', () => {
  test('finds the newest run that saved a dossier of this PR; a trusted one costs the listing, the repository and the run', async () => {
    const pr = fx.pr;
    await runWith([`dossier-pr-${pr}-1`, `dossier-pr-${pr}-2`, `dossier-pr-${pr}-3`]);
    const newer = await runWith([`dossier-pr-${pr}-1`], { workflow: 'agent-step.yml', event: 'workflow_dispatch' });
    // Other PRs' dossiers and other artifacts do not count, even when newer.
    await runWith([`dossier-pr-${pr + 100}-1`, `dossier-pr-${pr}1-1`, 'coverage']);
    const before = fx.emu.requests.length;

    const { found, refused } = await findLatestDossierRun(fx.bot, query(), deps);

    expect(found).toEqual({ runId: newer, artifactName: `dossier-pr-${pr}-1`, artifactId: expect.any(Number), createdAt: expect.any(String) });
    expect(refused).toEqual([]);
    const made = fx.emu.requests.slice(before).map((r) => r.operationId);
    expect(made).toEqual(['actions/list-artifacts-for-repo', 'repos/get', 'actions/get-workflow-run']);
    expect(fx.emu.requests[before]!.path).toContain(`name=dossier-pr-${pr}-1`);
  });

  test('null when the PR has no dossier yet', async () => {
    await runWith(['coverage'], { workflow: 'ci.yml' });
    expect(await findLatestDossierRun(fx.bot, query(), deps)).toEqual({ found: null, refused: [] });
  });

  test('skips expired artifacts and the run that is looking', async () => {
    const pr = fx.pr;
    const older = await runWith([`dossier-pr-${pr}-1`]);
    const expired = await runWith([`dossier-pr-${pr}-1`]);
    const current = await runWith([`dossier-pr-${pr}-1`], { workflow: 'agent-step.yml' });
    const record = fx.emu.state.repo(fx.repo.owner, fx.repo.repo)!;
    record.artifacts.find((a) => a.runId === expired)!.expired = true;

    const { found } = await findLatestDossierRun(fx.bot, { ...query(), excludeRunId: current }, deps);
    expect(found?.runId).toBe(older);
  });

  test("a run on the PR's agent branch is trusted like one on the default branch", async () => {
    const onBranch = await runWith([`dossier-pr-${fx.pr}-1`], { headBranch: fx.branch, event: 'push' });
    expect((await findLatestDossierRun(fx.bot, query(), deps)).found?.runId).toBe(onBranch);
  });

  test('a bad PR number is a configuration error naming the input', async () => {
    await expect(findLatestDossierRun(fx.bot, { ...query(), pr: 0 }, deps)).rejects.toThrow(ConfigurationError);
    await expect(findLatestDossierRun(fx.bot, { ...query(), pr: 1.5 }, deps)).rejects.toThrow(/input 'pr'/);
  });
});

describe('forged dossiers are skipped and the genuine older one is used', () => {
  async function expectGenuineWins(forge: () => Promise<number>, check: string, reason: RegExp): Promise<void> {
    const genuine = await runWith([`dossier-pr-${fx.pr}-1`]);
    const forged = await forge();
    expect(forged).toBeGreaterThan(genuine);
    const { found, refused } = await findLatestDossierRun(fx.bot, query(), deps);
    expect(found?.runId).toBe(genuine);
    expect(refused).toEqual([{ runId: forged, check, reason: expect.stringMatching(reason) }]);
  }

  test('(1) from another workflow file', async () => {
    await expectGenuineWins(
      () => runWith([`dossier-pr-${fx.pr}-1`], { workflow: 'ci.yml', event: 'push' }),
      'workflow',
      /"\.github\/workflows\/ci\.yml" is not one of/,
    );
  });

  test("(2) from a fork PR's run, even of the trusted workflow on a branch named like the default", async () => {
    await fx.emu.createRepo({ owner: 'mallory', name: fx.repo.repo, files: { 'README.md': '# fork\n' } });
    await expectGenuineWins(
      () => runWith([`dossier-pr-${fx.pr}-1`], { event: 'pull_request', headRepository: `mallory/${fx.repo.repo}` }),
      'fork',
      /head repository .* is not this repository/,
    );
  });

  test('(3) from a dispatch on a branch that is neither the default nor the agent branch', async () => {
    const { data: main } = await fx.human.rest.git.getRef({ ...fx.repo, ref: 'heads/main' });
    await fx.human.rest.git.createRef({ ...fx.repo, ref: 'refs/heads/edited-workflow', sha: main.object.sha });
    await expectGenuineWins(
      () => runWith([`dossier-pr-${fx.pr}-1`], { workflow: 'agent-step.yml', event: 'workflow_dispatch', headBranch: 'edited-workflow' }),
      'branch',
      /"edited-workflow" is neither the default branch/,
    );
  });

  test('(4a) from a trusted run whose manifest names another PR', async () => {
    await expectGenuineWins(
      async () => {
        const id = await runWith([`dossier-pr-${fx.pr}-1`]);
        origins.set(id, { repository: `${fx.repo.owner}/${fx.repo.repo}`, pr: fx.pr + 1, branch: fx.branch });
        return id;
      },
      'manifest',
      new RegExp(`names PR #${fx.pr + 1} \\(expected #${fx.pr}\\)`),
    );
  });

  test('(4b) from a trusted run whose manifest names another branch', async () => {
    await expectGenuineWins(
      async () => {
        const id = await runWith([`dossier-pr-${fx.pr}-1`]);
        origins.set(id, { repository: `${fx.repo.owner}/${fx.repo.repo}`, pr: fx.pr, branch: 'agent/99-other' });
        return id;
      },
      'manifest',
      /branch "agent\/99-other"/,
    );
  });

  test('a custom workflow allow-list replaces the default one', async () => {
    const custom = await runWith([`dossier-pr-${fx.pr}-1`], { workflow: 'my-agents.yml' });
    const flow = await runWith([`dossier-pr-${fx.pr}-1`]);
    const { found, refused } = await findLatestDossierRun(fx.bot, { ...query(), workflows: ['.github/workflows/my-agents.yml'] }, deps);
    expect(found?.runId).toBe(custom);
    expect(refused.map((r) => [r.runId, r.check])).toEqual([[flow, 'workflow']]);
  });

  test('when nothing passes, nothing is found and every refusal is named', async () => {
    const forged = await runWith([`dossier-pr-${fx.pr}-1`], { workflow: 'ci.yml' });
    const { found, refused } = await findLatestDossierRun(fx.bot, query(), deps);
    expect(found).toBeNull();
    expect(refused.map((r) => r.runId)).toEqual([forged]);
  });
});

describe('dossierFindBy', () => {
  test('builds the artifact findBy for a run id, nothing without one', () => {
    expect(dossierFindBy({ token: 't', runId: 42, owner: 'acme', repo: 'shop' })).toEqual({
      token: 't',
      workflowRunId: 42,
      repositoryOwner: 'acme',
      repositoryName: 'shop',
    });
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
