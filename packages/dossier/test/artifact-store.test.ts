import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DefaultArtifactClient } from '@actions/artifact';
import { DossierError } from '@eternia/core';
import { ArtifactDossierStore, Dossier, dossierArtifactName, dossierArtifactRevision, type ArtifactClientLike } from '@eternia/dossier';
import { FakeArtifactClient } from './fake-artifact-client.js';

// The real client must fit the interface this store asks for (checked by tsc).
export const fits = (client: DefaultArtifactClient): ArtifactClientLike => client;

const key = { repository: 'acme/shop', pr: 12 };
const meta = { ...key, issue: 7, branch: 'agent/7-fix-cart' };
const findBy = { token: 't', workflowRunId: 50, repositoryOwner: 'acme', repositoryName: 'shop' };

let temp: string;
let client: FakeArtifactClient;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'eternia-artifact-'));
  client = new FakeArtifactClient();
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

function sample(text = 'v1'): Dossier {
  const d = Dossier.create(meta);
  d.writeText('ledger.txt', text);
  d.writeJson('plan.json', { steps: ['a'] });
  return d;
}

describe('artifact names', () => {
  test('dossier-pr-<n>-<revision>', () => {
    expect(dossierArtifactName(12, 3)).toBe('dossier-pr-12-3');
    expect(dossierArtifactRevision('dossier-pr-12-3', 12)).toBe(3);
    expect(dossierArtifactRevision('dossier-pr-12-3', 1)).toBeNull();
    expect(dossierArtifactRevision('dossier-pr-123-3', 12)).toBeNull();
    expect(dossierArtifactRevision('dossier-pr-12', 12)).toBeNull();
    expect(dossierArtifactRevision('repo-atlas', 12)).toBeNull();
  });
});

describe('ArtifactDossierStore', () => {
  test('round trip; each save is a new revision and load takes the highest', async () => {
    const store = new ArtifactDossierStore({ client, tempDir: temp });
    expect(await store.load(key)).toBeNull();
    await store.save(sample('v1'));
    const first = (await store.load(key))!;
    expect(first.readText('ledger.txt')).toBe('v1');
    first.writeText('ledger.txt', 'v2');
    await store.save(first);
    await new ArtifactDossierStore({ client, tempDir: temp }).save(sample('other PR') /* same PR, new store instance */);
    expect(client.runs.get(100)!.map((a) => a.name)).toEqual(['dossier-pr-12-1', 'dossier-pr-12-2', 'dossier-pr-12-3']);
    expect((await store.load(key))!.readText('ledger.txt')).toBe('other PR');
    expect([...client.runs.get(100)![0]!.files.keys()].sort()).toEqual(['ledger.txt', 'manifest.json', 'plan.json']);
    // Scratch folders are removed.
    expect(readdirSync(temp)).toEqual([]);
  });

  test('other PRs and other artifacts are ignored', async () => {
    const store = new ArtifactDossierStore({ client, tempDir: temp });
    await store.save(sample());
    expect(await store.load({ repository: 'acme/shop', pr: 1 })).toBeNull();
    expect(await store.load({ repository: 'acme/shop', pr: 120 })).toBeNull();
  });

  test('a revision taken by a concurrent save moves on to the next one', async () => {
    const store = new ArtifactDossierStore({ client, tempDir: temp });
    client.takenByOthers.add('dossier-pr-12-1');
    await store.save(sample());
    expect(client.calls.filter((c) => c.startsWith('upload'))).toEqual(['upload dossier-pr-12-1', 'upload dossier-pr-12-2']);
  });

  test('other upload failures are a DossierError naming the artifact', async () => {
    class FailingUpload extends FakeArtifactClient {
      override async uploadArtifact(): Promise<{ id: number; size: number }> {
        throw new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable');
      }
    }
    const failing = new FailingUpload();
    const store = new ArtifactDossierStore({ client: failing, tempDir: temp });
    await expect(store.save(sample())).rejects.toThrow(
      /uploading dossier artifact 'dossier-pr-12-1' failed: Unable to get the ACTIONS_RUNTIME_TOKEN/,
    );
  });

  test('continues from an earlier workflow run when this run has no dossier yet', async () => {
    // An earlier run (50) saved a dossier; this run (100) has none yet.
    const run50 = new FakeArtifactClient(50);
    await new ArtifactDossierStore({ client: run50, tempDir: temp }).save(sample('from run 50'));
    client.runs.set(50, run50.runs.get(50)!);

    const store = new ArtifactDossierStore({ client, tempDir: temp, findBy });
    expect((await store.load(key))!.readText('ledger.txt')).toBe('from run 50');
    expect(client.calls).toEqual(['list current', 'list 50', `download ${client.runs.get(50)![0]!.id}`]);

    await store.save(sample('saved in run 100'));
    client.calls.length = 0;
    expect((await store.load(key))!.readText('ledger.txt')).toBe('saved in run 100');
    expect(client.calls).toEqual(['list current', expect.stringMatching(/^download /)]);
  });

  test('a tampered artifact is refused with the artifact and file named', async () => {
    const store = new ArtifactDossierStore({ client, tempDir: temp });
    await store.save(sample());
    client.tamper('dossier-pr-12-1', 'ledger.txt', 'v9');
    await expect(store.load(key)).rejects.toThrow(/dossier artifact 'dossier-pr-12-1': .*file 'ledger.txt' does not match its sha256/);
    client.tamper('dossier-pr-12-1', 'ledger.txt', 'v1');
    client.tamper('dossier-pr-12-1', 'extra.txt', 'x');
    await expect(store.load(key)).rejects.toThrow(/file 'extra.txt' is present but not listed/);
    client.tamper('dossier-pr-12-1', 'manifest.json', '{"schema":"eternia-dossier","version":3}');
    await expect(store.load(key)).rejects.toThrow(DossierError);
    await expect(store.load(key)).rejects.toThrow(/version 3 is not supported/);
    expect(readdirSync(temp)).toEqual([]);
  });

  test('a digest mismatch reported by the download is refused', async () => {
    const store = new ArtifactDossierStore({ client, tempDir: temp });
    await store.save(sample());
    client.corruptDigest = true;
    await expect(store.load(key)).rejects.toThrow(/dossier artifact 'dossier-pr-12-1' does not match its upload digest/);
  });

  test('a client factory is called once, on first use', async () => {
    let made = 0;
    const store = new ArtifactDossierStore({ client: async () => (made++, client), tempDir: temp });
    expect(made).toBe(0);
    await store.save(sample());
    await store.load(key);
    expect(made).toBe(1);
  });
});
