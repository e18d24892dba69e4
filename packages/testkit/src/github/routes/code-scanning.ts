import { gunzipSync } from 'node:zlib';
import { ApiError, type Handler, notFound, ok } from '../api-types.js';
import { repoApi } from '../shapes.js';

/**
 * Code scanning's SARIF upload (what github/codeql-action/upload-sarif calls): the body's `sarif` must be gzip +
 * base64 of a SARIF 2.1.0 log, as GitHub requires; anything else is a 400 like GitHub's. Uploads are kept, decoded,
 * for tests to read (`repo.sarifUploads`).
 */
const upload: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const b = req.body;
  const sha = await repo.git.resolveCommit(String(b.commit_sha));
  if (!sha) throw new ApiError(422, `commit_sha ${String(b.commit_sha)} is not a commit of ${repo.fullName}`);
  let log: { version?: unknown; runs?: unknown };
  try {
    log = JSON.parse(gunzipSync(Buffer.from(String(b.sarif), 'base64')).toString('utf8')) as typeof log;
  } catch {
    throw new ApiError(400, 'Invalid SARIF: the sarif field must be gzip-compressed, base64-encoded JSON');
  }
  if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new ApiError(400, 'Invalid SARIF: version must be 2.1.0 and runs an array');
  const id = `${ctx.state.newId()}`.padStart(8, '0') + '-0000-4000-8000-000000000000';
  repo.sarifUploads.push({ id, commitSha: sha, ref: String(b.ref), sarif: log });
  return ok({ id, url: `${repoApi(ctx, repo)}/code-scanning/sarifs/${id}` }, 202);
};

const get: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const found = repo.sarifUploads.find((u) => u.id === req.params.sarif_id);
  if (!found) throw notFound();
  return ok({ processing_status: 'complete', analyses_url: `${repoApi(ctx, repo)}/code-scanning/analyses?sarif_id=${found.id}`, errors: null });
};

export const codeScanningHandlers: Record<string, Handler> = {
  'code-scanning/upload-sarif': upload,
  'code-scanning/get-sarif': get,
};
