/**
 * The part of Azure blob storage the signed URLs lead to: @azure/storage-blob's BlockBlobClient.uploadStream
 * stages blocks (`PUT ?comp=block&blockid=…`) and commits them (`PUT ?comp=blocklist`, an XML list), a
 * single-shot `PUT` (x-ms-blob-type: BlockBlob) is accepted too; downloads are a plain `GET`.
 * Errors are Azure's: an XML body with a Code and an `x-ms-error-code` header.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ArtifactStore } from '../workflow/artifact-store.js';
import { checkBlobUrl } from './signed-url.js';
import type { UploadSessions } from './upload-sessions.js';

export const BLOB_PREFIX = '/blob/actions-results';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface BlobContext {
  secret: Buffer;
  store: ArtifactStore;
  sessions: UploadSessions;
  now(): Date;
}

const xmlEscape = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function azureError(status: number, code: string, message: string): Reply {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': requestId },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`,
  };
}

function created(extra: Record<string, string> = {}): Reply {
  return {
    status: 201,
    headers: { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2025-01-05', 'x-ms-request-server-encrypted': 'true', ...extra },
  };
}

/** Block ids are base64 of at most 64 bytes. */
function validBlockId(id: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(id) && id.length % 4 === 0 && Buffer.from(id, 'base64').length <= 64;
}

function upload(
  url: URL,
  method: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  ctx: BlobContext,
  sessionId: string,
): Reply {
  if (method !== 'PUT') return azureError(405, 'UnsupportedHttpVerb', `The resource doesn't support the specified HTTP verb ${method}.`);
  const session = ctx.sessions.get(sessionId);
  if (!session) return azureError(404, 'BlobNotFound', 'The specified blob does not exist (the upload was finalized or never created).');
  const comp = url.searchParams.get('comp');
  if (comp === 'block') {
    const blockId = url.searchParams.get('blockid') ?? '';
    if (!validBlockId(blockId))
      return azureError(
        400,
        'InvalidQueryParameterValue',
        `Value for one of the query parameters specified in the request URI is invalid: blockid '${blockId}'.`,
      );
    session.blocks.set(blockId, body);
    return created({ 'content-md5': createHash('md5').update(body).digest('base64') });
  }
  if (comp === 'blocklist') {
    const xml = body.toString('utf8');
    if (!/<BlockList>[\s\S]*<\/BlockList>/.test(xml))
      return azureError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid: expected a BlockList element.');
    const ids = [...xml.matchAll(/<(Committed|Uncommitted|Latest)>([^<]*)<\/\1>/g)].map((m) => m[2] as string);
    const missing = ids.find((id) => !session.blocks.has(id));
    if (missing !== undefined)
      return azureError(400, 'InvalidBlockList', `The specified block list is invalid: block '${missing}' was never staged.`);
    session.blob = Buffer.concat(ids.map((id) => session.blocks.get(id) as Buffer));
    session.blocks.clear();
    return created({
      etag: `"0x${createHash('sha256').update(session.blob).digest('hex').slice(0, 15).toUpperCase()}"`,
      'last-modified': ctx.now().toUTCString(),
    });
  }
  if (comp !== null)
    return azureError(400, 'InvalidQueryParameterValue', `comp '${comp}' is not supported by the test bench's blob endpoint (block, blocklist).`);
  if (headers['x-ms-blob-type'] !== 'BlockBlob')
    return azureError(400, 'MissingRequiredHeader', "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type (BlockBlob).");
  session.blob = body;
  return created({ 'last-modified': ctx.now().toUTCString() });
}

function download(method: string, ctx: BlobContext, id: number): Reply {
  if (method !== 'GET' && method !== 'HEAD')
    return azureError(405, 'UnsupportedHttpVerb', `The resource doesn't support the specified HTTP verb ${method}.`);
  const artifact = ctx.store.get(id);
  if (!artifact || ctx.store.isExpired(artifact)) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const data = ctx.store.readBlob(artifact);
  const fileName = artifact.archived ? `${artifact.name}.zip` : artifact.name;
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    status: 200,
    headers: {
      'content-type': artifact.contentType,
      'content-length': String(data.length),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'x-ms-blob-type': 'BlockBlob',
      etag: `"${artifact.digest.slice(7, 22)}"`,
      'last-modified': new Date(artifact.createdAt).toUTCString(),
    },
    body: method === 'HEAD' ? '' : data,
  };
}

/** Answers a request under BLOB_PREFIX. */
export function handleBlob(url: URL, method: string, headers: Record<string, string | string[] | undefined>, body: Buffer, ctx: BlobContext): Reply {
  const match = /^\/blob\/actions-results\/(uploads|artifacts)\/([^/]+)\/[^/]+$/.exec(url.pathname);
  if (!match) return azureError(404, 'ResourceNotFound', 'The specified resource does not exist.');
  // Like a SAS: the method needs its permission (reads r, writes w), whatever the path.
  const problem = checkBlobUrl(ctx.secret, url, method === 'GET' || method === 'HEAD' ? 'r' : 'w', ctx.now());
  if (problem) return azureError(403, problem.code, problem.message);
  return match[1] === 'uploads' ? upload(url, method, headers, body, ctx, match[2] as string) : download(method, ctx, Number(match[2]));
}
