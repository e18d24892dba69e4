import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DossierError } from '@eternia/core';
import { DirectoryDossierStore, Dossier } from '@eternia/dossier';

const key = { repository: 'acme/shop', pr: 12 };
const meta = { ...key, issue: 7, branch: 'agent/7-fix-cart' };
const Plan = z.strictObject({ steps: z.array(z.string()) });

let root: string;
let store: DirectoryDossierStore;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'eternia-dossier-'));
  store = new DirectoryDossierStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function sample(): Dossier {
  const d = Dossier.create(meta);
  d.writeJson('plan.json', { steps: ['write tests', 'fix'] }, Plan);
  d.writeText('ledger.txt', 'line 1\n');
  d.recordRun({ role: 'plan', runId: 5, attempt: 1, sha: 'b'.repeat(40), status: 'success' });
  return d;
}

const dir = () => store.pathFor(key);
const manifestPath = () => join(dir(), 'manifest.json');
const readManifest = () => JSON.parse(readFileSync(manifestPath(), 'utf8'));
const writeManifest = (m: unknown) => writeFileSync(manifestPath(), JSON.stringify(m));

async function loadError(): Promise<DossierError> {
  const err = await store.load(key).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DossierError);
  return err as DossierError;
}

describe('DirectoryDossierStore', () => {
  test('nothing saved yet: null', async () => {
    expect(await store.load(key)).toBeNull();
  });

  test('round trip', async () => {
    const original = sample();
    await store.save(original);
    expect(dir()).toBe(join(root, 'acme', 'shop', 'pr-12'));
    expect(readdirSync(dir()).sort()).toEqual(['ledger.txt', 'manifest.json', 'plan.json']);
    const loaded = (await store.load(key))!;
    expect(loaded.manifest).toEqual(original.manifest);
    expect(loaded.readJson('plan.json', Plan)).toEqual({ steps: ['write tests', 'fix'] });
    expect(loaded.readText('ledger.txt')).toBe('line 1\n');
    // The repository name is matched case-insensitively, as GitHub does.
    expect(await store.load({ repository: 'ACME/Shop', pr: 12 })).not.toBeNull();
  });

  test('saving again replaces the folder atomically and leaves no temp folders', async () => {
    await store.save(sample());
    const next = (await store.load(key))!;
    next.writeText('ledger.txt', 'line 1\nline 2\n');
    next.writeJson('tests.json', { files: ['a.test.ts'] });
    await store.save(next);
    const loaded = (await store.load(key))!;
    expect(loaded.files()).toEqual(['ledger.txt', 'plan.json', 'tests.json']);
    expect(loaded.readText('ledger.txt')).toBe('line 1\nline 2\n');
    expect(readdirSync(join(root, 'acme', 'shop'))).toEqual(['pr-12']);
  });

  test('a file whose content changed (same size) fails its sha256', async () => {
    await store.save(sample());
    writeFileSync(join(dir(), 'ledger.txt'), 'line 2\n');
    expect((await loadError()).message).toMatch(/file 'ledger.txt' does not match its sha256/);
  });

  test('a file whose size changed', async () => {
    await store.save(sample());
    writeFileSync(join(dir(), 'plan.json'), '{}');
    expect((await loadError()).message).toMatch(/file 'plan.json' has 2 bytes, the manifest says \d+/);
  });

  test('a missing file', async () => {
    await store.save(sample());
    rmSync(join(dir(), 'plan.json'));
    expect((await loadError()).message).toMatch(/file 'plan.json' is listed in the manifest but missing/);
  });

  test('an extra file', async () => {
    await store.save(sample());
    writeFileSync(join(dir(), 'extra.json'), '{}');
    expect((await loadError()).message).toMatch(/file 'extra.json' is present but not listed/);
  });

  test('an entry with a bad name, a folder, a symlink', async () => {
    await store.save(sample());
    writeFileSync(join(dir(), 'Notes.TXT'), 'x');
    expect((await loadError()).message).toMatch(/unexpected entry 'Notes.TXT'/);
    rmSync(join(dir(), 'Notes.TXT'));
    mkdirSync(join(dir(), 'sub'));
    expect((await loadError()).message).toMatch(/entry 'sub' is not a regular file/);
    rmSync(join(dir(), 'sub'), { recursive: true });
    symlinkSync('/etc/passwd', join(dir(), 'link.txt'));
    expect((await loadError()).message).toMatch(/entry 'link.txt' is not a regular file/);
  });

  test('path traversal in a manifest file name', async () => {
    await store.save(sample());
    const m = readManifest();
    m.files['../../escape.txt'] = m.files['ledger.txt'];
    writeManifest(m);
    expect((await loadError()).message).toMatch(/manifest.json is invalid: files\.\.\.\/\.\.\/escape\.txt/);
  });

  test('a manifest that is missing, not JSON, or fails the schema', async () => {
    await store.save(sample());
    const m = readManifest();
    writeManifest({ ...m, runs: [{ ...m.runs[0], sha: 'nope' }] });
    expect((await loadError()).message).toMatch(/manifest.json is invalid: runs\.0\.sha: must be a full commit sha/);
    writeManifest({ ...m, surprise: true });
    expect((await loadError()).message).toMatch(/manifest.json is invalid: .*surprise/);
    writeFileSync(manifestPath(), '{"schema": ');
    expect((await loadError()).message).toMatch(/manifest.json is not valid JSON/);
    rmSync(manifestPath());
    expect((await loadError()).message).toMatch(/manifest.json is missing/);
  });

  test('an unknown schema version or a foreign manifest', async () => {
    await store.save(sample());
    const m = readManifest();
    writeManifest({ ...m, version: 2 });
    expect((await loadError()).message).toMatch(/dossier version 2 is not supported; this library reads version 1/);
    writeManifest({ ...m, schema: 'something-else' });
    expect((await loadError()).message).toMatch(/not an eternia dossier manifest/);
  });

  test('a dossier saved under another PR is refused', async () => {
    await store.save(sample());
    const m = readManifest();
    writeManifest({ ...m, pr: 13 });
    expect((await loadError()).message).toMatch(/belongs to acme\/shop PR #13, expected acme\/shop PR #12/);
  });

  test('bad keys are refused', async () => {
    await expect(store.load({ repository: '../x', pr: 1 })).rejects.toThrow(/invalid dossier key/);
    await expect(store.load({ repository: 'a/b', pr: -1 })).rejects.toThrow(/invalid dossier key/);
  });
});
