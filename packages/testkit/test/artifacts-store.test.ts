import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createArtifactCatalog, createArtifactRestHandler } from '../src/artifacts/index.js';
import { ArtifactStore } from '../src/workflow/index.js';

// The store the upload/download-artifact steps and the results service share.

let dir: string;
let src: string;
let clock: Date;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'artifacts-store-'));
  src = join(dir, 'src');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'a.txt'), 'A');
  writeFileSync(join(src, 'sub', 'b.txt'), 'B');
  clock = new Date('2030-05-01T00:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () => new ArtifactStore(join(dir, 'store'), { now: () => clock });

describe('ArtifactStore', () => {
  test('ids are stable and increasing, whatever the names; a second store over the directory agrees', () => {
    const store = open();
    const zed = store.put(1001, 'zed', src, ['a.txt'], false);
    const alpha = store.put(1001, 'alpha', src, ['a.txt', 'sub/b.txt'], false, { repository: 'acme/app', job: 'plan' });
    expect(alpha.id).toBeGreaterThan(zed.id);
    expect(open().find(1001, 'zed')?.id).toBe(zed.id);
    expect(
      open()
        .list(1001)
        .map((a) => a.name),
    ).toEqual(['zed', 'alpha']);
    expect(alpha).toMatchObject({
      files: ['a.txt', 'sub/b.txt'],
      repository: 'acme/app',
      job: 'plan',
      archived: true,
      contentType: 'application/zip',
    });
    // The blob is the zip of the files, and the digest is the blob's.
    expect(Object.keys(unzipSync(new Uint8Array(store.readBlob(alpha)))).sort()).toEqual(['a.txt', 'sub/b.txt']);
    expect(alpha.size).toBe(store.readBlob(alpha).length);
    expect(store.nextRunId()).toBe(1002);
  });

  test('a name is taken until overwritten (a new id) or expired; delete removes files, blob and entry', () => {
    const store = open();
    const first = store.put(1001, 'dossier', src, ['a.txt'], false, { expiresAt: '2030-05-02T00:00:00.000Z' });
    expect(() => store.put(1001, 'dossier', src, ['a.txt'], false)).toThrow(/already exists on run 1001 \(409 Conflict\)/);
    const second = store.put(1001, 'dossier', src, ['sub/b.txt'], true);
    expect(second.id).toBeGreaterThan(first.id);
    expect(store.get(first.id)).toBeUndefined();
    const third = store.put(1002, 'short', src, ['a.txt'], false, { expiresAt: '2030-05-02T00:00:00.000Z' });
    clock = new Date('2030-05-03T00:00:00Z');
    expect(store.find(1002, 'short')).toBeUndefined();
    expect(store.list(1002, { includeExpired: true }).map((a) => a.id)).toEqual([third.id]);
    expect(store.put(1002, 'short', src, ['a.txt'], false).id).toBeGreaterThan(third.id);
    expect(store.delete(second.id)).toBe(true);
    expect(store.delete(second.id)).toBe(false);
    expect(store.list(1001)).toEqual([]);
  });

  test('bad names and a damaged index are clear errors', () => {
    const store = open();
    for (const name of ['', '..', 'a/b', 'x:y'])
      expect(() => store.put(1001, name, src, ['a.txt'], false)).toThrow(/artifact name '.*' is empty or contains/);
    expect(() => store.putBlob(1001, 'bad', Buffer.from('nope'), { archived: true, contentType: 'application/zip' })).toThrow(
      /artifact 'bad' is not a valid zip archive/,
    );
    expect(store.list()).toEqual([]);
    writeFileSync(join(store.dir, 'artifacts.json'), '{"version":2}');
    expect(() => store.list()).toThrow(/artifact index has an unknown shape/);
  });

  test('the REST handler mounts under a base path and answers from the catalog', async () => {
    const store = open();
    const artifact = store.put(1001, 'dossier', src, ['a.txt'], false, { repository: 'acme/app' });
    const handler = createArtifactRestHandler(
      createArtifactCatalog(store, (a) => `http://blob.invalid/${a.id}`),
      { basePath: '/api/v3' },
    );
    const server = createServer((req, res) => {
      handler(req, res).then((handled) => {
        if (!handled) res.writeHead(418).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const list = await fetch(`${base}/api/v3/repos/acme/app/actions/runs/1001/artifacts`, { headers: { authorization: 'token t' } });
      const body = (await list.json()) as { total_count: number; artifacts: { id: number; url: string }[] };
      expect(body.total_count).toBe(1);
      expect(body.artifacts[0]?.url).toBe(`${base}/api/v3/repos/acme/app/actions/artifacts/${artifact.id}`);
      const zip = await fetch(`${base}/api/v3/repos/acme/app/actions/artifacts/${artifact.id}/zip`, {
        headers: { authorization: 'token t' },
        redirect: 'manual',
      });
      expect([zip.status, zip.headers.get('location')]).toEqual([302, `http://blob.invalid/${artifact.id}`]);
      expect((await fetch(`${base}/api/v3/repos/acme/app/issues`)).status).toBe(418);
      expect((await fetch(`${base}/repos/acme/app/actions/artifacts`)).status).toBe(418);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
