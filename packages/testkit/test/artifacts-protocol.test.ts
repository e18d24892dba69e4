import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { jobBackendId, runBackendId, runIdFromBackendId, startResultsService, type ResultsService } from '../src/artifacts/index.js';

// The wire protocol, request by request: what the client relies on and how mistakes are answered.

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService';
let clock = new Date('2030-01-01T00:00:00Z');
let service: ResultsService;
let work: string;

beforeAll(async () => {
  service = await startResultsService({ rest: true, now: () => clock });
  work = mkdtempSync(join(tmpdir(), 'artifacts-protocol-'));
});

afterAll(async () => {
  await service.close();
  rmSync(work, { recursive: true, force: true });
});

function ids(runId: number, job: string) {
  return { workflow_run_backend_id: runBackendId(runId), workflow_job_run_backend_id: jobBackendId(runId, job) };
}

async function twirp(method: string, body: unknown, token: string | null, init: { contentType?: string; httpMethod?: string } = {}) {
  const response = await fetch(`${service.url}${SERVICE}/${method}`, {
    method: init.httpMethod ?? 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(init.httpMethod === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const put = (url: string, body: Buffer | string, headers: Record<string, string> = {}) => fetch(url, { method: 'PUT', body, headers });

/** CreateArtifact, one staged block, commit: a blob ready to finalize. */
async function uploadBlob(token: string, runId: number, job: string, name: string, blob: Buffer, mime = 'application/zip') {
  const created = await twirp('CreateArtifact', { ...ids(runId, job), name, version: 7, mime_type: mime }, token);
  expect(created).toEqual({ status: 200, body: { ok: true, signed_upload_url: expect.stringContaining('/blob/actions-results/uploads/') } });
  const url = created.body.signed_upload_url as string;
  const blockId = Buffer.from('block-000001').toString('base64');
  expect((await put(`${url}&comp=block&blockid=${encodeURIComponent(blockId)}`, blob)).status).toBe(201);
  expect(
    (await put(`${url}&comp=blocklist`, `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${blockId}</Latest></BlockList>`)).status,
  ).toBe(201);
  return url;
}

const sha = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('backend ids and runtime tokens', () => {
  test('a run backend id is a UUID that carries the run id; tampered ids are not ours', () => {
    const id = runBackendId(4242);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(runIdFromBackendId(id)).toBe(4242);
    expect(runIdFromBackendId(`${id.slice(0, -1)}${id.endsWith('3') ? '4' : '3'}`)).toBeUndefined();
    expect(runIdFromBackendId('ce7f54c7-61c7-4aae-887f-30da475f5f1a')).toBeUndefined();
    expect(() => runBackendId(0)).toThrow(/not a positive integer/);
  });

  test('the token decodes as @actions/artifact decodes it: Actions.Results:<run>:<job> in scp', () => {
    const token = service.mintRuntimeToken({ runId: 77, job: 'plan', repository: 'acme/app' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
    const scope = (payload.scp as string).split(' ').find((s) => s.startsWith('Actions.Results:'));
    expect(scope).toBe(`Actions.Results:${runBackendId(77)}:${jobBackendId(77, 'plan')}`);
    expect(() => service.mintRuntimeToken({ runId: 77, job: 'plan', repository: 'acme' })).toThrow(/'acme' is not owner\/name/);
  });
});

describe('twirp ArtifactService', () => {
  test('happy path on the wire: snake_case fields, int64 as strings, finalize checks size and hash', async () => {
    const token = service.mintRuntimeToken({ runId: 100, job: 'build', repository: 'acme/app' });
    const zip = Buffer.from(zipSync({ 'a.txt': new TextEncoder().encode('hello') }));
    await uploadBlob(token, 100, 'build', 'wire', zip);
    const wrongSize = await twirp('FinalizeArtifact', { ...ids(100, 'build'), name: 'wire', size: String(zip.length + 1) }, token);
    expect(wrongSize.status).toBe(400);
    expect(wrongSize.body).toMatchObject({ code: 'invalid_argument', msg: expect.stringMatching(/does not match the \d+ bytes uploaded/) });
    // The failed finalize closed the upload: it must be created again.
    await uploadBlob(token, 100, 'build', 'wire', zip);
    const wrongHash = await twirp('FinalizeArtifact', { ...ids(100, 'build'), name: 'wire', size: String(zip.length), hash: 'sha256:00' }, token);
    expect(wrongHash.body.code).toBe('invalid_argument');
    await uploadBlob(token, 100, 'build', 'wire', zip);
    const finalized = await twirp('FinalizeArtifact', { ...ids(100, 'build'), name: 'wire', size: String(zip.length), hash: sha(zip) }, token);
    expect(finalized).toEqual({ status: 200, body: { ok: true, artifact_id: expect.stringMatching(/^\d+$/) } });
    const listed = await twirp('ListArtifacts', { ...ids(100, 'build'), id_filter: finalized.body.artifact_id }, token);
    expect(listed.body.artifacts).toEqual([
      {
        ...ids(100, 'build'),
        database_id: finalized.body.artifact_id,
        name: 'wire',
        size: String(zip.length),
        created_at: clock.toISOString(),
        digest: sha(zip),
      },
    ]);
    // camelCase (protojson's JSON names) is read too.
    const camel = await twirp(
      'ListArtifacts',
      { workflowRunBackendId: runBackendId(100), workflowJobRunBackendId: jobBackendId(100, 'build'), nameFilter: 'nope' },
      token,
    );
    expect(camel).toEqual({ status: 200, body: { artifacts: [] } });
    const signed = await twirp('GetSignedArtifactURL', { ...ids(100, 'build'), name: 'wire' }, token);
    const download = await fetch(signed.body.signed_url as string);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true);
    expect(service.store.find(100, 'wire')?.files).toEqual(['a.txt']);
  });

  test('route, content type, authentication and permission errors are twirp errors', async () => {
    const token = service.mintRuntimeToken({ runId: 101, job: 'build', repository: 'acme/app' });
    expect(await twirp('Nope', {}, token)).toEqual({
      status: 404,
      body: { code: 'bad_route', msg: expect.stringContaining('no handler for path'), meta: {} },
    });
    expect((await twirp('ListArtifacts', {}, token, { httpMethod: 'GET' })).body).toMatchObject({
      code: 'bad_route',
      msg: expect.stringContaining('only POST'),
    });
    expect((await twirp('ListArtifacts', '{}', token, { contentType: 'application/protobuf' })).body.code).toBe('bad_route');
    expect(await twirp('ListArtifacts', ids(101, 'build'), null)).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(await twirp('ListArtifacts', '{not json', token)).toMatchObject({ status: 400, body: { code: 'malformed' } });
    expect(await twirp('ListArtifacts', { workflow_run_backend_id: runBackendId(101) }, token)).toMatchObject({
      status: 400,
      body: { msg: 'workflow_job_run_backend_id is required' },
    });
    expect(await twirp('ListArtifacts', ids(999, 'build'), token)).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
    expect(await twirp('CreateArtifact', { ...ids(101, 'other-job'), name: 'x', version: 7 }, token)).toMatchObject({
      status: 403,
      body: { code: 'permission_denied' },
    });
    expect(await twirp('CreateArtifact', { ...ids(101, 'build'), name: 'x', version: 3 }, token)).toMatchObject({
      status: 400,
      body: { msg: expect.stringContaining('version 3 is not supported') },
    });
    expect(await twirp('GetSignedArtifactURL', { ...ids(101, 'build'), name: 'missing' }, token)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    expect(await twirp('FinalizeArtifact', { ...ids(101, 'build'), name: 'never-created', size: '1' }, token)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    await twirp('CreateArtifact', { ...ids(101, 'build'), name: 'empty', version: 7 }, token);
    expect(await twirp('FinalizeArtifact', { ...ids(101, 'build'), name: 'empty', size: '0' }, token)).toMatchObject({
      status: 412,
      body: { code: 'failed_precondition' },
    });
    const expired = service.mintRuntimeToken({ runId: 101, job: 'build', repository: 'acme/app', ttlSeconds: -1 });
    expect(await twirp('ListArtifacts', ids(101, 'build'), expired)).toMatchObject({ status: 401, body: { msg: 'the bearer token has expired' } });
  });

  test('an upload that is not a zip, or escapes its folder, is refused at finalize', async () => {
    const token = service.mintRuntimeToken({ runId: 102, job: 'build', repository: 'acme/app' });
    const junk = Buffer.from('this is not a zip');
    await uploadBlob(token, 102, 'build', 'junk', junk);
    expect(await twirp('FinalizeArtifact', { ...ids(102, 'build'), name: 'junk', size: String(junk.length) }, token)).toMatchObject({
      status: 400,
      body: { msg: expect.stringContaining("artifact 'junk' is not a valid zip archive") },
    });
    const evil = Buffer.from(zipSync({ '../escape.txt': new TextEncoder().encode('x') }));
    await uploadBlob(token, 102, 'build', 'evil', evil);
    expect((await twirp('FinalizeArtifact', { ...ids(102, 'build'), name: 'evil', size: String(evil.length) }, token)).body.msg).toMatch(
      /outside the artifact folder/,
    );
    expect(service.store.list(102)).toEqual([]);
  });

  test('blob endpoint: signatures, permissions, expiry and block lists are checked the Azure way', async () => {
    const token = service.mintRuntimeToken({ runId: 103, job: 'build', repository: 'acme/app' });
    const created = await twirp('CreateArtifact', { ...ids(103, 'build'), name: 'blocks', version: 7 }, token);
    const url = created.body.signed_upload_url as string;
    const tampered = url.replace(/sp=cw/, 'sp=rcw');
    const forbidden = await put(`${tampered}&comp=block&blockid=${encodeURIComponent(Buffer.from('b1').toString('base64'))}`, 'x');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
    expect((await put(`${url}&comp=block&blockid=not-base64!`, 'x')).headers.get('x-ms-error-code')).toBe('InvalidQueryParameterValue');
    const unknownBlock = await put(`${url}&comp=blocklist`, '<BlockList><Latest>Ymxh</Latest></BlockList>');
    expect(unknownBlock.status).toBe(400);
    expect(await unknownBlock.text()).toContain('<Code>InvalidBlockList</Code>');
    expect((await put(url, 'whole')).headers.get('x-ms-error-code')).toBe('MissingRequiredHeader');
    expect((await put(url, 'whole', { 'x-ms-blob-type': 'BlockBlob' })).status).toBe(201);
    // A download URL grants reading only; an upload URL grants no reading.
    const step = service.store.put(103, 'from-step', mkTree({ 'f.txt': 'step' }), ['f.txt'], false, { repository: 'acme/app', job: 'build' });
    const signed = (await twirp('GetSignedArtifactURL', { ...ids(103, 'build'), name: 'from-step' }, token)).body.signed_url as string;
    const overwrite = await put(signed, 'overwrite?');
    expect([overwrite.status, overwrite.headers.get('x-ms-error-code')]).toEqual([403, 'AuthorizationPermissionMismatch']);
    expect((await fetch(url)).headers.get('x-ms-error-code')).toBe('AuthorizationPermissionMismatch');
    // Signed URLs expire (an hour by default).
    clock = new Date(clock.getTime() + 2 * 3600_000);
    const late = await fetch(signed);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('has passed');
    clock = new Date(clock.getTime() - 2 * 3600_000);
    const fresh = await fetch(signed);
    expect(Buffer.from(await fresh.arrayBuffer()).equals(service.store.readBlob(step))).toBe(true);
  });
});

let treeCount = 0;
function mkTree(files: Record<string, string>): string {
  const root = join(work, `tree-${++treeCount}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('REST artifact routes', () => {
  const auth = { authorization: 'token ghs_x' };
  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}${path}`, { redirect: 'manual', ...init, headers: { ...auth, ...(init.headers ?? {}) } });

  test('list per run and per repository (newest first, paginated), get, zip redirect, delete, expired = 410', async () => {
    const root = mkTree({ 'x.txt': 'x' });
    const a = service.store.put(300, 'alpha', root, ['x.txt'], false, { repository: 'acme/rest' });
    const b = service.store.put(300, 'beta', root, ['x.txt'], false, {
      repository: 'acme/rest',
      expiresAt: new Date(clock.getTime() + 86_400_000).toISOString(),
    });
    const c = service.store.put(301, 'alpha', root, ['x.txt'], false, { repository: 'acme/rest' });
    service.store.put(302, 'alpha', root, ['x.txt'], false, { repository: 'other/repo' });

    const run = await rest('/repos/acme/rest/actions/runs/300/artifacts');
    expect(run.status).toBe(200);
    const runBody = (await run.json()) as { total_count: number; artifacts: Record<string, unknown>[] };
    expect(runBody.total_count).toBe(2);
    expect(runBody.artifacts.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(runBody.artifacts[1]).toEqual({
      id: a.id,
      node_id: expect.any(String),
      name: 'alpha',
      size_in_bytes: a.size,
      url: `${service.url}/repos/acme/rest/actions/artifacts/${a.id}`,
      archive_download_url: `${service.url}/repos/acme/rest/actions/artifacts/${a.id}/zip`,
      expired: false,
      created_at: '2030-01-01T00:00:00Z',
      expires_at: '2030-04-01T00:00:00Z',
      updated_at: '2030-01-01T00:00:00Z',
      digest: a.digest,
      workflow_run: { id: 300 },
    });
    const byName = (await (await rest('/repos/acme/rest/actions/artifacts?name=alpha')).json()) as { artifacts: { id: number }[] };
    expect(byName.artifacts.map((x) => x.id)).toEqual([c.id, a.id]);
    const paged = await rest('/repos/acme/rest/actions/artifacts?per_page=2');
    expect(((await paged.json()) as { artifacts: unknown[] }).artifacts).toHaveLength(2);
    expect(paged.headers.get('link')).toContain('page=2>; rel="next"');

    const one = await rest(`/repos/acme/rest/actions/artifacts/${a.id}`);
    expect(((await one.json()) as { name: string }).name).toBe('alpha');
    expect((await rest(`/repos/other/repo/actions/artifacts/${a.id}`)).status).toBe(404);
    expect((await fetch(`${service.url}/repos/acme/rest/actions/artifacts/${a.id}`)).status).toBe(401);

    const zip = await rest(`/repos/acme/rest/actions/artifacts/${a.id}/zip`);
    expect(zip.status).toBe(302);
    const blob = await fetch(zip.headers.get('location') as string);
    expect(sha(Buffer.from(await blob.arrayBuffer()))).toBe(a.digest);
    expect((await rest(`/repos/acme/rest/actions/artifacts/${a.id}/tar`)).status).toBe(404);

    clock = new Date(clock.getTime() + 2 * 86_400_000);
    try {
      expect((await rest(`/repos/acme/rest/actions/artifacts/${b.id}/zip`)).status).toBe(410);
      const listed = (await (await rest('/repos/acme/rest/actions/runs/300/artifacts')).json()) as { artifacts: { id: number; expired: boolean }[] };
      expect(listed.artifacts.find((x) => x.id === b.id)?.expired).toBe(true);
      expect(service.store.find(300, 'beta')).toBeUndefined();
    } finally {
      clock = new Date(clock.getTime() - 2 * 86_400_000);
    }

    expect((await rest(`/repos/acme/rest/actions/artifacts/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await rest(`/repos/acme/rest/actions/artifacts/${a.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(service.store.get(a.id)).toBeUndefined();
  });

  test('the catalog answers the same for the GitHub emulator to mount', () => {
    const listed = service.catalog.list('ACME/Rest', { runId: 301 });
    expect(listed.map((x) => x.name)).toEqual(['alpha']);
    const id = listed[0]?.id as number;
    expect(service.catalog.zip('acme/rest', id)?.fileName).toBe('alpha.zip');
    expect(service.catalog.downloadUrl('acme/rest', id)).toMatch(new RegExp(`^${service.url}/blob/actions-results/artifacts/${id}/alpha\\.zip\\?`));
    expect(service.catalog.get('other/repo', id)).toBeUndefined();
  });
});
