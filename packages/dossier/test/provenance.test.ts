import { describe, expect, test, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, DossierError } from '@eternia/core';
import {
  ArtifactDossierStore,
  DEFAULT_DOSSIER_WORKFLOWS,
  Dossier,
  describeRefusal,
  namedRunError,
  originRefusal,
  runRefusal,
  workflowFile,
  type RunFacts,
  type TrustedRunRules,
} from '@eternia/dossier';
import { FakeArtifactClient } from './fake-artifact-client.js';

const rules: TrustedRunRules = {
  repository: 'acme/shop',
  repositoryId: 10,
  defaultBranch: 'main',
  agentBranch: 'agent/7-fix',
  workflows: DEFAULT_DOSSIER_WORKFLOWS,
};
const trusted: RunFacts = {
  id: 5,
  repositoryId: 10,
  headRepositoryId: 10,
  headBranch: 'main',
  event: 'issues',
  path: '.github/workflows/agent-flow.yml',
};

describe('runRefusal', () => {
  test('a run of this repository, of a trusted workflow, on the default or agent branch passes', () => {
    expect(runRefusal(trusted, rules)).toBeNull();
    expect(runRefusal({ ...trusted, headBranch: 'agent/7-fix', event: 'push' }, rules)).toBeNull();
    expect(runRefusal({ ...trusted, path: '.github/workflows/agent-step.yml', event: 'workflow_dispatch' }, rules)).toBeNull();
  });

  test('each check names itself', () => {
    const check = (facts: Partial<RunFacts>) => runRefusal({ ...trusted, ...facts }, rules)?.check;
    expect(check({ repositoryId: 11 })).toBe('repository');
    expect(check({ headRepositoryId: 99, event: 'pull_request' })).toBe('fork');
    expect(check({ headRepositoryId: 99, event: 'pull_request_target' })).toBe('fork');
    expect(check({ headRepositoryId: null })).toBe('fork');
    expect(check({ path: '.github/workflows/ci.yml' })).toBe('workflow');
    expect(check({ path: null })).toBe('workflow');
    expect(check({ headBranch: 'feature' })).toBe('branch');
    expect(check({ headBranch: null })).toBe('branch');
    expect(runRefusal({ ...trusted, headRepositoryId: 99, event: 'pull_request_target' }, rules)?.reason).toMatch(
      /a pull_request_target event from a fork/,
    );
  });

  test('listing facts judge only what they carry', () => {
    expect(runRefusal({ id: 5, repositoryId: 10, headRepositoryId: 10, headBranch: 'main' }, rules)).toBeNull();
    expect(runRefusal({ id: 5 }, rules)).toBeNull();
    expect(runRefusal({ id: 5, headRepositoryId: 99 }, rules)?.check).toBe('fork');
  });

  test("the workflow path in either form GitHub uses; another repository's file is refused", () => {
    expect(workflowFile('.github/workflows/agent-flow.yml', 'acme/shop')).toBe('.github/workflows/agent-flow.yml');
    expect(workflowFile('Acme/Shop/.github/workflows/agent-flow.yml@main', 'acme/shop')).toBe('.github/workflows/agent-flow.yml');
    expect(workflowFile('mallory/shop/.github/workflows/agent-flow.yml@main', 'acme/shop')).toBeNull();
    expect(runRefusal({ ...trusted, path: 'mallory/shop/.github/workflows/agent-flow.yml@main' }, rules)?.check).toBe('workflow');
  });
});

describe('originRefusal', () => {
  const expected = { repository: 'acme/shop', pr: 12, branch: 'agent/7-fix' };
  test('the manifest must name this repository, PR and branch', () => {
    expect(originRefusal(5, { ...expected, repository: 'ACME/shop' }, expected)).toBeNull();
    const refusal = originRefusal(5, { repository: 'acme/other', pr: 13, branch: 'main' }, expected)!;
    expect(refusal).toMatchObject({ runId: 5, check: 'manifest' });
    expect(describeRefusal(refusal)).toBe(
      'workflow run 5 refused (manifest): its dossier manifest names repository acme/other (expected acme/shop), PR #13 (expected #12), branch "main" (expected "agent/7-fix")',
    );
  });

  test('a named run that is refused is a configuration error naming dossier-run-id', () => {
    const error = namedRunError({ runId: 5, check: 'workflow', reason: 'x' });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe("input 'dossier-run-id': workflow run 5 refused (workflow): x; it is not used as the source of the dossier");
  });
});

describe('ArtifactDossierStore and an earlier run', () => {
  let temp: string;
  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), 'eternia-provenance-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  const key = { repository: 'acme/shop', pr: 12 };
  const findBy = { token: 't', workflowRunId: 50, repositoryOwner: 'acme', repositoryName: 'shop' };

  async function earlierRun(meta: { repository: string; pr: number; branch: string }): Promise<FakeArtifactClient> {
    const run50 = new FakeArtifactClient(50);
    const dossier = Dossier.create({ ...meta, issue: 7 });
    dossier.writeText('note.txt', 'from run 50');
    await new ArtifactDossierStore({ client: run50, tempDir: temp }).save(dossier);
    const client = new FakeArtifactClient(100);
    client.runs.set(50, run50.runs.get(50)!);
    return client;
  }

  test("loadFromRun reads the run's highest revision whoever it names; load refuses it through checkEarlier", async () => {
    const client = await earlierRun({ ...key, branch: 'agent/99-other' });
    const store = new ArtifactDossierStore({
      client,
      tempDir: temp,
      findBy,
      checkEarlier: (d) => {
        const refusal = originRefusal(50, d.manifest, { ...key, branch: 'agent/7-fix' });
        if (refusal) throw namedRunError(refusal);
      },
    });
    expect((await store.loadFromRun(findBy, 12))?.manifest.branch).toBe('agent/99-other');
    expect(await store.loadFromRun(findBy, 13)).toBeNull();
    await expect(store.load(key)).rejects.toThrow(/input 'dossier-run-id': workflow run 50 refused \(manifest\): .*branch "agent\/99-other"/);
  });

  test("another PR's dossier from an earlier run is refused even without checkEarlier", async () => {
    const client = await earlierRun({ ...key, pr: 13, branch: 'agent/7-fix' });
    // Saved under PR 13's name, then renamed to pass for PR 12's: the manifest still says 13.
    for (const a of client.runs.get(50)!) a.name = a.name.replace('pr-13', 'pr-12');
    const store = new ArtifactDossierStore({ client, tempDir: temp, findBy });
    await expect(store.load(key)).rejects.toThrow(DossierError);
    await expect(store.load(key)).rejects.toThrow(/dossier of workflow run 50: belongs to acme\/shop PR #13, expected acme\/shop PR #12/);
  });

  test("checkEarlier is not asked about this run's own dossier", async () => {
    const client = new FakeArtifactClient(100);
    const asked: number[] = [];
    const store = new ArtifactDossierStore({ client, tempDir: temp, findBy, checkEarlier: () => void asked.push(1) });
    await store.save(Dossier.create({ ...key, issue: 7, branch: 'agent/7-fix' }));
    expect((await store.load(key))?.key).toEqual(key);
    expect(asked).toEqual([]);
  });
});
