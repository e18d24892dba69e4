import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobBackendId, startResultsService, type ResultsService } from '../src/artifacts/index.js';
import { errorOf, jobEnv, runClient, value } from './fixtures/artifacts/run-client.js';

// The real @actions/artifact DefaultArtifactClient, in child processes, against the emulated results service.

let service: ResultsService;
let work: string;
const files: Record<string, Buffer> = {
  'plan.json': Buffer.from('{"steps":["a","b"]}\n'),
  'logs/run 1.txt': Buffer.from('line one\nline two\n'),
  'bin/blob.dat': Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)),
};

beforeAll(async () => {
  service = await startResultsService({ rest: true });
  work = mkdtempSync(join(tmpdir(), 'artifacts-client-'));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(work, 'up', name, '..'), { recursive: true });
    writeFileSync(join(work, 'up', name), data);
  }
});

afterAll(async () => {
  await service.close();
  rmSync(work, { recursive: true, force: true });
});

const upFiles = () => Object.keys(files).map((name) => join(work, 'up', name));

function expectSameFiles(dir: string): void {
  for (const [name, data] of Object.entries(files)) expect(readFileSync(join(dir, name)).equals(data)).toBe(true);
}

describe('the real @actions/artifact client against the results service', () => {
  test('upload a folder, list, get by name, download: same bytes, digest checked, stored in the runner store', async () => {
    const env = jobEnv(service, { runId: 2001, job: 'plan', workspace: work });
    const [upload, list, get, again] = await runClient(env, [
      { op: 'upload', name: 'dossier', files: upFiles(), root: join(work, 'up') },
      { op: 'list', options: { latest: true } },
      { op: 'get', name: 'dossier' },
      { op: 'upload', name: 'dossier', files: upFiles(), root: join(work, 'up') },
    ]);
    const uploaded = value(upload);
    expect(uploaded.id).toBeGreaterThan(0);
    expect(uploaded.digest).toMatch(/^[0-9a-f]{64}$/);
    const stored = service.store.find(2001, 'dossier');
    expect(stored?.id).toBe(uploaded.id);
    expect(stored?.digest).toBe(`sha256:${uploaded.digest}`);
    expect(stored?.size).toBe(uploaded.size);
    expect(stored?.files).toEqual(['bin/blob.dat', 'logs/run 1.txt', 'plan.json']);
    expect(stored?.repository).toBe('acme/app');
    expect(stored?.job).toBe('plan');
    expect(value(list).artifacts).toEqual([
      { name: 'dossier', id: uploaded.id, size: uploaded.size, createdAt: stored?.createdAt, digest: `sha256:${uploaded.digest}` },
    ]);
    expect(value(get).artifact.id).toBe(uploaded.id);
    // Names are immutable within a run (artifact v4).
    expect(errorOf(again)).toMatch(
      /Failed to CreateArtifact: Received non-retryable error: Failed request: \(409\) Conflict: an artifact with this name already exists on the workflow run/,
    );

    const dest = join(work, 'down-1');
    const [fetched] = await runClient(env, [{ op: 'download', id: uploaded.id, options: { path: dest, expectedHash: `sha256:${uploaded.digest}` } }]);
    expect(value(fetched)).toEqual({ downloadPath: dest, digestMismatch: false });
    expectSameFiles(dest);
  });

  test('two jobs of one run: the second lists, gets and downloads what the first uploaded', async () => {
    const upload = await runClient(jobEnv(service, { runId: 2002, job: 'plan', workspace: work }), [
      { op: 'upload', name: 'from-plan', files: upFiles(), root: join(work, 'up') },
    ]);
    const id = value(upload[0]).id as number;
    const dest = join(work, 'down-2');
    const [list, get, download, other] = await runClient(jobEnv(service, { runId: 2002, job: 'implement', workspace: work }), [
      { op: 'list' },
      { op: 'get', name: 'from-plan' },
      { op: 'download', id, options: { path: dest } },
      { op: 'upload', name: 'from-implement', files: [join(work, 'up', 'plan.json')], root: join(work, 'up') },
    ]);
    expect(value(list).artifacts.map((a: { name: string }) => a.name)).toEqual(['from-plan']);
    expect(value(get).artifact).toMatchObject({ name: 'from-plan', id });
    expect(value(download).digestMismatch).toBe(false);
    expectSameFiles(dest);
    expect(value(other).id).toBeGreaterThan(id);
    // Each job's uploads carry its own job backend id, as the real service lists them.
    expect(service.store.list(2002).map((a) => [a.name, a.job])).toEqual([
      ['from-plan', 'plan'],
      ['from-implement', 'implement'],
    ]);
    expect(jobBackendId(2002, 'plan')).not.toBe(jobBackendId(2002, 'implement'));
    // A job of another run sees none of it without findBy.
    const [elsewhere, missing] = await runClient(jobEnv(service, { runId: 2003, job: 'plan', workspace: work }), [
      { op: 'list' },
      { op: 'download', id },
    ]);
    expect(value(elsewhere).artifacts).toEqual([]);
    expect(errorOf(missing)).toMatch(/No artifacts found for ID: \d+/);
  });

  test("a later run finds an earlier run's artifact with findBy (REST list + 302 to the blob)", async () => {
    const [earlier] = await runClient(jobEnv(service, { runId: 2010, job: 'plan', workspace: work }), [
      { op: 'upload', name: 'dossier-pr-7-1', files: upFiles(), root: join(work, 'up') },
    ]);
    const id = value(earlier).id as number;
    const findBy = { token: 'ghs_later', workflowRunId: 2010, repositoryOwner: 'acme', repositoryName: 'app' };
    const dest = join(work, 'down-3');
    const [list, get, download, wrongRepo] = await runClient(jobEnv(service, { runId: 2011, job: 'implement', workspace: work }), [
      { op: 'list', options: { latest: true, findBy } },
      { op: 'get', name: 'dossier-pr-7-1', options: { findBy } },
      { op: 'download', id, options: { path: dest, findBy, expectedHash: service.store.get(id)?.digest } },
      { op: 'list', options: { findBy: { ...findBy, repositoryName: 'other' } } },
    ]);
    expect(value(list).artifacts).toEqual([expect.objectContaining({ name: 'dossier-pr-7-1', id, digest: service.store.get(id)?.digest })]);
    expect(value(get).artifact.id).toBe(id);
    expect(value(download)).toEqual({ downloadPath: dest, digestMismatch: false });
    expectSameFiles(dest);
    expect(value(wrongRepo).artifacts).toEqual([]);
    const rest = service.requests.filter((r) => r.route === 'rest').map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(rest).toContain('GET /repos/acme/app/actions/runs/2010/artifacts 200');
    expect(rest).toContain(`GET /repos/acme/app/actions/artifacts/${id}/zip 302`);
  });

  test('delete, and a single file uploaded without an archive comes back under its own name', async () => {
    const env = jobEnv(service, { runId: 2020, job: 'report', workspace: work });
    const dest = join(work, 'down-4');
    const [raw, list, deleted, after] = await runClient(env, [
      { op: 'upload', name: 'ignored', files: [join(work, 'up', 'plan.json')], root: join(work, 'up'), options: { skipArchive: true } },
      { op: 'list' },
      { op: 'delete', name: 'plan.json' },
      { op: 'list' },
    ]);
    const id = value(raw).id as number;
    expect(value(list).artifacts.map((a: { name: string }) => a.name)).toEqual(['plan.json']);
    const stored = service.store.get(id);
    expect(stored).toBeUndefined();
    expect(value(deleted)).toEqual({ id });
    expect(value(after).artifacts).toEqual([]);

    const [again] = await runClient(env, [
      { op: 'upload', name: 'ignored', files: [join(work, 'up', 'logs', 'run 1.txt')], root: join(work, 'up'), options: { skipArchive: true } },
    ]);
    const kept = service.store.get(value(again).id);
    expect(kept).toMatchObject({ name: 'run 1.txt', archived: false, contentType: 'text/plain', files: ['run 1.txt'] });
    const [download] = await runClient(env, [{ op: 'download', id: value(again).id, options: { path: dest } }]);
    expect(value(download).digestMismatch).toBe(false);
    expect(readFileSync(join(dest, 'run 1.txt')).equals(files['logs/run 1.txt'] as Buffer)).toBe(true);
  });

  test('a token this service did not mint is refused (401), and so is one without ACTIONS_RESULTS_URL', async () => {
    const env = jobEnv(service, { runId: 2030, job: 'plan', workspace: work });
    const [header, payload] = (env.ACTIONS_RUNTIME_TOKEN as string).split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const [refused] = await runClient({ ...env, ACTIONS_RUNTIME_TOKEN: forged }, [{ op: 'list' }]);
    expect(errorOf(refused)).toMatch(/\(401\) Unauthorized: the bearer token was not issued by this service/);
    const { ACTIONS_RESULTS_URL: _dropped, ...withoutUrl } = env;
    const [unset] = await runClient(withoutUrl, [{ op: 'list' }]);
    expect(errorOf(unset)).toMatch(/Unable to get the ACTIONS_RESULTS_URL env variable/);
    const [ghes] = await runClient({ ...env, GITHUB_SERVER_URL: 'https://ghes.example.com' }, [{ op: 'list' }]);
    expect(errorOf(ghes)).toMatch(/GHESNotSupportedError/);
  });
});
