import { describe, test, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { ArtifactDossierStore, DirectoryDossierStore, Dossier, dossierStoreFromEnv } from '@eternia/dossier';
import { FakeArtifactClient } from './fake-artifact-client.js';

const temp = mkdtempSync(join(tmpdir(), 'eternia-env-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const actions = { ACTIONS_RUNTIME_TOKEN: 'tok', ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/', RUNNER_TEMP: temp };

describe('dossierStoreFromEnv', () => {
  test('inside Actions (runtime token + results URL): the artifact store, scratch in RUNNER_TEMP', async () => {
    const client = new FakeArtifactClient();
    const store = dossierStoreFromEnv({ ...actions, DOSSIER_DIR: '/ignored' }, { artifactClient: client });
    expect(store).toBeInstanceOf(ArtifactDossierStore);
    const d = Dossier.create({ repository: 'a/b', pr: 1, issue: 1, branch: 'agent/1-x' });
    await store.save(d);
    expect(client.calls).toContain('upload dossier-pr-1-1');
  });

  test('one of the two Actions variables alone is not enough', () => {
    const store = dossierStoreFromEnv({ ACTIONS_RUNTIME_TOKEN: 'tok', DOSSIER_DIR: join(temp, 'd') });
    expect(store).toBeInstanceOf(DirectoryDossierStore);
  });

  test('DOSSIER_DIR wins outside Actions, then RUNNER_TEMP/dossier', () => {
    const a = dossierStoreFromEnv({ DOSSIER_DIR: join(temp, 'mine'), RUNNER_TEMP: temp });
    expect(a).toBeInstanceOf(DirectoryDossierStore);
    expect((a as DirectoryDossierStore).rootDir).toBe(resolve(temp, 'mine'));
    const b = dossierStoreFromEnv({ RUNNER_TEMP: temp });
    expect((b as DirectoryDossierStore).rootDir).toBe(resolve(temp, 'dossier'));
  });

  test('neither: a configuration error naming DOSSIER_DIR', () => {
    expect(() => dossierStoreFromEnv({})).toThrow(ConfigurationError);
    expect(() => dossierStoreFromEnv({})).toThrow(/DOSSIER_DIR/);
  });

  describe('GitHub Enterprise Server (no artifact service for @actions/artifact 2+)', () => {
    const ghes = { ...actions, GITHUB_SERVER_URL: 'https://ghes.example.com' };

    test('the folder the workflow carries between jobs (DOSSIER_DIR), not the artifact store', () => {
      const store = dossierStoreFromEnv({ ...ghes, DOSSIER_DIR: join(temp, 'carried') }, { artifactClient: new FakeArtifactClient() });
      expect(store).toBeInstanceOf(DirectoryDossierStore);
      expect((store as DirectoryDossierStore).rootDir).toBe(resolve(temp, 'carried'));
    });

    test('without DOSSIER_DIR: an error naming it and the docs, instead of a dossier lost between jobs', () => {
      expect(() => dossierStoreFromEnv(ghes)).toThrow(ConfigurationError);
      expect(() => dossierStoreFromEnv(ghes)).toThrow(/environment variable DOSSIER_DIR.*Enterprise Server.*docs\/ghes\.md/s);
    });

    test('dossier-run-id cannot reach another run there: an error naming the input', () => {
      const findBy = { token: 't', workflowRunId: 7, repositoryOwner: 'a', repositoryName: 'b' };
      expect(() => dossierStoreFromEnv({ ...ghes, DOSSIER_DIR: join(temp, 'x') }, { findBy })).toThrow(/dossier-run-id/);
    });

    test('github.com, GHE.com and localhost keep the artifact store', () => {
      for (const url of ['https://github.com', 'https://octo.ghe.com', 'http://api.github.localhost']) {
        const store = dossierStoreFromEnv({ ...actions, GITHUB_SERVER_URL: url }, { artifactClient: new FakeArtifactClient() });
        expect(store).toBeInstanceOf(ArtifactDossierStore);
      }
    });
  });
});
