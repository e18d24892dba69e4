/**
 * github.actions.results.api.v1.ArtifactService, the twirp service @actions/artifact (v2 and later) calls.
 * Requests arrive as protobuf JSON with proto field names (the client sends snake_case; camelCase is read too,
 * as protojson does), wrapper types as bare values and int64 as strings. Answers use proto field names and
 * int64 strings, as the real service's twirp server does.
 */
import { createHash } from 'node:crypto';
import type { ArtifactStore, StoredArtifact } from '../workflow/artifact-store.js';
import { jobBackendId, runBackendId, runIdFromBackendId } from './backend-ids.js';
import type { RuntimeIdentity } from './runtime-token.js';
import { TwirpError } from './twirp-error.js';
import type { UploadSession, UploadSessions } from './upload-sessions.js';

export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';
export const ARTIFACT_METHODS = ['CreateArtifact', 'FinalizeArtifact', 'ListArtifacts', 'GetSignedArtifactURL', 'DeleteArtifact'] as const;
export type ArtifactMethod = (typeof ARTIFACT_METHODS)[number];

export interface ArtifactServiceContext {
  store: ArtifactStore;
  sessions: UploadSessions;
  now(): Date;
  /** The signed URL the client uploads the blob to. */
  uploadUrl(session: UploadSession): string;
  /** The signed URL the client downloads an artifact from. */
  downloadUrl(artifact: StoredArtifact): string;
}

type Json = Record<string, unknown>;

/** A field by its proto name or its JSON (lowerCamelCase) name. */
function field(body: Json, protoName: string): unknown {
  if (body[protoName] !== undefined && body[protoName] !== null) return body[protoName];
  const camel = protoName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return body[camel] ?? undefined;
}

function text(body: Json, name: string, required: boolean): string | undefined {
  const value = field(body, name);
  if (value === undefined) {
    if (required) throw new TwirpError('invalid_argument', `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new TwirpError('malformed', `${name} must be a string`);
  return value;
}

/** int64 (and Int64Value) in protobuf JSON: a decimal string, or a number. */
function int64(body: Json, name: string): bigint | undefined {
  const value = field(body, name);
  if (value === undefined) return undefined;
  if ((typeof value === 'string' && /^-?\d+$/.test(value)) || (typeof value === 'number' && Number.isInteger(value))) return BigInt(value);
  throw new TwirpError('malformed', `${name} must be an int64 (a decimal string)`);
}

/** The run the request names, which must be the token's. */
function runOf(body: Json, identity: RuntimeIdentity): number {
  const backendId = text(body, 'workflow_run_backend_id', true) as string;
  text(body, 'workflow_job_run_backend_id', true);
  const runId = runIdFromBackendId(backendId);
  if (runId === undefined) throw new TwirpError('invalid_argument', `workflow_run_backend_id '${backendId}' is not a workflow run of this service`);
  if (backendId !== identity.runBackendId) throw new TwirpError('permission_denied', `the token does not grant access to workflow run ${backendId}`);
  return runId;
}

/** Uploads are made by the token's own job. */
function assertOwnJob(body: Json, identity: RuntimeIdentity): void {
  const jobId = field(body, 'workflow_job_run_backend_id');
  if (jobId !== identity.jobBackendId) throw new TwirpError('permission_denied', `the token does not grant access to job run ${String(jobId)}`);
}

function listed(artifact: StoredArtifact): Json {
  return {
    workflow_run_backend_id: runBackendId(artifact.runId),
    workflow_job_run_backend_id: jobBackendId(artifact.runId, artifact.job),
    database_id: String(artifact.id),
    name: artifact.name,
    size: String(artifact.size),
    created_at: artifact.createdAt,
    digest: artifact.digest,
  };
}

function createArtifact(body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext): Json {
  const runId = runOf(body, identity);
  assertOwnJob(body, identity);
  const name = text(body, 'name', true) as string;
  if (name.trim() === '') throw new TwirpError('invalid_argument', 'name must not be empty');
  const version = Number(field(body, 'version') ?? 0);
  if (!(version >= 4)) throw new TwirpError('invalid_argument', `artifact version ${version} is not supported by this backend (4 or later)`);
  const expires = field(body, 'expires_at');
  if (expires !== undefined && (typeof expires !== 'string' || Number.isNaN(Date.parse(expires))))
    throw new TwirpError('malformed', 'expires_at must be an RFC 3339 timestamp');
  if (ctx.store.find(runId, name)) throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
  const session = ctx.sessions.open({
    runId,
    name,
    job: identity.job,
    repository: identity.repository,
    mimeType: text(body, 'mime_type', false) ?? 'application/zip',
    expiresAt: typeof expires === 'string' ? new Date(expires).toISOString() : null,
  });
  return { ok: true, signed_upload_url: ctx.uploadUrl(session) };
}

function finalizeArtifact(body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext): Json {
  const runId = runOf(body, identity);
  assertOwnJob(body, identity);
  const name = text(body, 'name', true) as string;
  const session = ctx.sessions.pending(runId, name);
  if (!session) throw new TwirpError('not_found', `no upload of an artifact named '${name}' was created on this workflow run`);
  if (!session.blob)
    throw new TwirpError('failed_precondition', `nothing was committed to the blob of artifact '${name}' (stage blocks, then commit the block list)`);
  const size = int64(body, 'size') ?? 0n;
  if (size !== BigInt(session.blob.length))
    throw new TwirpError('invalid_argument', `size ${size} does not match the ${session.blob.length} bytes uploaded for artifact '${name}'`);
  const hash = text(body, 'hash', false);
  const actual = `sha256:${createHash('sha256').update(session.blob).digest('hex')}`;
  if (hash !== undefined && hash !== actual) throw new TwirpError('invalid_argument', `hash ${hash} does not match the uploaded blob (${actual})`);
  let stored: StoredArtifact;
  try {
    stored = ctx.store.putBlob(runId, name, session.blob, {
      archived: session.mimeType === 'application/zip',
      contentType: session.mimeType,
      repository: session.repository,
      job: session.job,
      expiresAt: session.expiresAt,
    });
  } catch (error) {
    const message = (error as Error).message;
    throw /409 Conflict/.test(message)
      ? new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run')
      : new TwirpError('invalid_argument', message);
  } finally {
    ctx.sessions.close(session.id);
  }
  return { ok: true, artifact_id: String(stored.id) };
}

function listArtifacts(body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext): Json {
  const runId = runOf(body, identity);
  const name = text(body, 'name_filter', false);
  const id = int64(body, 'id_filter');
  const artifacts = ctx.store.list(runId).filter((a) => (name === undefined || a.name === name) && (id === undefined || BigInt(a.id) === id));
  return { artifacts: artifacts.map(listed) };
}

function found(body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext): StoredArtifact {
  const runId = runOf(body, identity);
  const name = text(body, 'name', true) as string;
  const artifact = ctx.store.find(runId, name);
  if (!artifact) throw new TwirpError('not_found', `artifact '${name}' not found on this workflow run`);
  return artifact;
}

function getSignedArtifactURL(body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext): Json {
  return { signed_url: ctx.downloadUrl(found(body, identity, ctx)) };
}

function deleteArtifact(body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext): Json {
  const artifact = found(body, identity, ctx);
  ctx.store.delete(artifact.id);
  return { ok: true, artifact_id: String(artifact.id) };
}

const METHODS: Record<ArtifactMethod, (body: Json, identity: RuntimeIdentity, ctx: ArtifactServiceContext) => Json> = {
  CreateArtifact: createArtifact,
  FinalizeArtifact: finalizeArtifact,
  ListArtifacts: listArtifacts,
  GetSignedArtifactURL: getSignedArtifactURL,
  DeleteArtifact: deleteArtifact,
};

export function isArtifactMethod(name: string): name is ArtifactMethod {
  return (ARTIFACT_METHODS as readonly string[]).includes(name);
}

/** Runs one method; throws TwirpError for anything the client did wrong. */
export function callArtifactService(method: ArtifactMethod, body: unknown, identity: RuntimeIdentity, ctx: ArtifactServiceContext): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new TwirpError('malformed', `the ${method} request body must be a JSON object`);
  return METHODS[method](body as Json, identity, ctx);
}
