/**
 * An emulator of GitHub's Actions results service, which the real `@actions/artifact` client talks to:
 * twirp ArtifactService at `/twirp/…`, the signed blob URLs it hands out at `/blob/…`, and, when asked,
 * GitHub's REST artifact routes at `/repos/…` (so a test can point GITHUB_API_URL here for `findBy`).
 * Artifacts live in an ArtifactStore, the same store the job-graph runner's upload/download-artifact steps use.
 *
 * The client reads ACTIONS_RESULTS_URL's origin only, and refuses anything but github.com (or *.ghe.com)
 * as GITHUB_SERVER_URL, so a bench keeps GITHUB_SERVER_URL=https://github.com and points
 * ACTIONS_RESULTS_URL here: `actionEnv()` gives the three variables the runner sets for an action.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactStore } from '../workflow/artifact-store.js';
import { createArtifactCatalog, type ArtifactCatalog } from './artifact-catalog.js';
import { ARTIFACT_SERVICE, callArtifactService, isArtifactMethod, type ArtifactServiceContext } from './artifact-service.js';
import { BLOB_PREFIX, handleBlob, type Reply } from './blob-endpoint.js';
import { answerArtifactRoute } from './rest-routes.js';
import { mintRuntimeToken, verifyRuntimeToken, type RuntimeTokenClaims } from './runtime-token.js';
import { signBlobUrl } from './signed-url.js';
import { TwirpError } from './twirp-error.js';
import { UploadSessions } from './upload-sessions.js';

export interface ResultsServiceOptions {
  /** An ArtifactStore directory (e.g. the job-graph runner's artifactsDir); a temp dir removed on close when absent. */
  dir?: string;
  /** Also answer GitHub's REST artifact routes at the root (tests that point GITHUB_API_URL here). Default false. */
  rest?: boolean;
  /** The clock for tokens, signed URLs, createdAt and expiry. */
  now?: () => Date;
  /** How long signed blob URLs stay valid; GitHub's last about an hour. */
  signedUrlTtlSeconds?: number;
}

export interface ResultsRequest {
  method: string;
  /** Path without the query (signed URLs carry secrets). */
  path: string;
  /** `twirp:<Method>`, `blob:upload`, `blob:download`, `rest` or `unknown`. */
  route: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  durationMs: number;
}

export interface ResultsService {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly store: ArtifactStore;
  /** For the GitHub emulator's REST artifact routes. */
  readonly catalog: ArtifactCatalog;
  readonly requests: ResultsRequest[];
  /** An ACTIONS_RUNTIME_TOKEN for one job run of a workflow run. */
  mintRuntimeToken(claims: RuntimeTokenClaims): string;
  /** ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_URL, as the runner sets them for an action. */
  actionEnv(claims: RuntimeTokenClaims): Record<string, string>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function twirpReply(status: number, body: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function startResultsService(options: ResultsServiceOptions = {}): Promise<ResultsService> {
  const now = options.now ?? (() => new Date());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'results-service-'));
  const store = new ArtifactStore(dir, { now });
  const secret = randomBytes(32);
  const sessions = new UploadSessions();
  const ttlMs = (options.signedUrlTtlSeconds ?? 3600) * 1000;
  const requests: ResultsRequest[] = [];
  let base = '';

  const ctx: ArtifactServiceContext = {
    store,
    sessions,
    now,
    uploadUrl: (session) =>
      signBlobUrl(secret, base, `${BLOB_PREFIX}/uploads/${session.id}/${encodeURIComponent(session.name)}`, 'cw', new Date(now().getTime() + ttlMs)),
    downloadUrl: (artifact) =>
      signBlobUrl(
        secret,
        base,
        `${BLOB_PREFIX}/artifacts/${artifact.id}/${encodeURIComponent(artifact.archived ? `${artifact.name}.zip` : artifact.name)}`,
        'r',
        new Date(now().getTime() + ttlMs),
      ),
  };
  const catalog = createArtifactCatalog(store, ctx.downloadUrl);

  function twirp(method: string, url: URL, headers: IncomingMessage['headers'], body: Buffer): Reply {
    const path = url.pathname.slice('/twirp/'.length);
    const [service, name = ''] = path.split('/');
    try {
      if (service !== ARTIFACT_SERVICE || !isArtifactMethod(name)) throw new TwirpError('bad_route', `no handler for path "${url.pathname}"`);
      if (method !== 'POST') throw new TwirpError('bad_route', `unsupported method "${method}" (only POST is allowed)`);
      const contentType = String(headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (contentType !== 'application/json')
        throw new TwirpError('bad_route', `unexpected Content-Type: "${contentType}" (this service speaks JSON only)`);
      const auth = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''));
      if (!auth) throw new TwirpError('unauthenticated', 'an ACTIONS_RUNTIME_TOKEN bearer token is required');
      const identity = verifyRuntimeToken(secret, auth[1] as string, now());
      if ('error' in identity) throw new TwirpError('unauthenticated', identity.error);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new TwirpError('malformed', `the request body is not JSON: ${(error as Error).message}`);
      }
      return twirpReply(200, callArtifactService(name, parsed, identity, ctx));
    } catch (error) {
      const twirpError = error instanceof TwirpError ? error : new TwirpError('internal', (error as Error).message);
      return twirpReply(twirpError.status, twirpError.toJSON());
    }
  }

  function route(method: string, url: URL, headers: IncomingMessage['headers'], body: Buffer): { route: string; reply: Reply } {
    if (url.pathname.startsWith('/twirp/')) return { route: `twirp:${url.pathname.split('/').pop()}`, reply: twirp(method, url, headers, body) };
    if (url.pathname.startsWith(`${BLOB_PREFIX}/`)) {
      return {
        route: url.pathname.startsWith(`${BLOB_PREFIX}/uploads/`) ? 'blob:upload' : 'blob:download',
        reply: handleBlob(url, method, headers, body, { secret, store, sessions, now }),
      };
    }
    if (options.rest) {
      const rest = answerArtifactRoute(catalog, method, url, Boolean(headers.authorization), base);
      if (rest)
        return {
          route: 'rest',
          reply: { status: rest.status, headers: rest.headers, ...(rest.body !== undefined && { body: JSON.stringify(rest.body) }) },
        };
    }
    return {
      route: 'unknown',
      reply: { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Not Found' }) },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    let result: { route: string; reply: Reply };
    try {
      result = route(method, url, req.headers, body);
    } catch (error) {
      result = {
        route: 'error',
        reply: { status: 500, headers: { 'content-type': 'text/plain' }, body: `results service error: ${(error as Error).message}` },
      };
    }
    const { reply } = result;
    const payload = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
    res.writeHead(reply.status, {
      ...(reply.headers ?? {}),
      ...(reply.headers?.['content-length'] ? {} : { 'content-length': String(method === 'HEAD' ? 0 : payload.length) }),
    });
    res.end(method === 'HEAD' ? undefined : payload);
    requests.push({
      method,
      path: url.pathname,
      route: result.route,
      status: reply.status,
      requestBytes: body.length,
      responseBytes: payload.length,
      durationMs: Date.now() - started,
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    store,
    catalog,
    requests,
    mintRuntimeToken: (claims) => mintRuntimeToken(secret, claims, now()),
    actionEnv: (claims) => ({
      ACTIONS_RUNTIME_TOKEN: mintRuntimeToken(secret, claims, now()),
      // The runner's values end with a slash; the client keeps only the origin.
      ACTIONS_RESULTS_URL: `${base}/`,
      ACTIONS_RUNTIME_URL: `${base}/_runtime/`,
    }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
