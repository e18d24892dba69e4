/**
 * GitHub's REST artifact routes over an ArtifactCatalog: what @actions/artifact calls with `findBy` (list a run's
 * artifacts, download one through the 302 to its blob) and what download-artifact with `run-id` needs.
 * A plain node request handler, so the GitHub emulator can mount it or the results service can answer it itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArtifactCatalog, CatalogArtifact } from './artifact-catalog.js';

const DOCS = 'https://docs.github.com/rest/actions/artifacts';

/** The REST `artifact` object (components/schemas/artifact). */
export function restArtifactShape(artifact: CatalogArtifact, apiUrl: string, repository: string, runRef?: RunRef): Record<string, unknown> {
  const url = `${apiUrl}/repos/${repository}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: Buffer.from(`09:Artifact${artifact.id}`).toString('base64'),
    name: artifact.name,
    size_in_bytes: artifact.sizeInBytes,
    url,
    archive_download_url: `${url}/zip`,
    expired: artifact.expired,
    created_at: artifact.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    expires_at: artifact.expiresAt.replace(/\.\d{3}Z$/, 'Z'),
    updated_at: artifact.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    digest: artifact.digest,
    workflow_run: runRef?.(repository, artifact.runId) ?? { id: artifact.runId },
  };
}

/**
 * The artifact's `workflow_run` ({ id, repository_id, head_repository_id, head_branch, head_sha }) when the run is
 * known (the GitHub emulator knows the runs it recorded); undefined leaves just the id.
 */
export type RunRef = (repository: string, runId: number) => Record<string, unknown> | undefined;

export interface RestReply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): RestReply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}

const notFound = (): RestReply => json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });

function page(url: URL, items: unknown[], apiUrl: string): { items: unknown[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const current = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const next = new URL(url.href);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(n));
    return `<${apiUrl}${next.pathname}${next.search}>; rel="${rel}"`;
  };
  const links = [
    current < last ? link(current + 1, 'next') : '',
    current < last ? link(last, 'last') : '',
    current > 1 ? link(1, 'first') : '',
    current > 1 ? link(current - 1, 'prev') : '',
  ].filter(Boolean);
  return { items: items.slice((current - 1) * perPage, current * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}

/**
 * Answers one REST request, or returns undefined when the path is not an artifact route.
 * `apiUrl` is the API root as clients see it (for the url fields), `path` the request path below it.
 */
export function answerArtifactRoute(
  catalog: ArtifactCatalog,
  method: string,
  url: URL,
  authorized: boolean,
  apiUrl: string,
  runRef?: RunRef,
): RestReply | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(?:runs\/(\d+)\/artifacts|artifacts(?:\/(\d+)(?:\/([^/]+))?)?)$/.exec(url.pathname);
  if (!match) return undefined;
  const [, owner, repo, runId, artifactId, format] = match as unknown as [string, string, string, string?, string?, string?];
  const repository = `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`;
  if (!authorized) return json(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
  const name = url.searchParams.get('name') ?? undefined;
  if (artifactId === undefined) {
    if (method !== 'GET') return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const all = catalog.list(repository, { ...(name !== undefined && { name }), ...(runId !== undefined && { runId: Number(runId) }) });
    const { items, headers } = page(
      url,
      all.map((a) => restArtifactShape(a, apiUrl, repository, runRef)),
      apiUrl,
    );
    return json(200, { total_count: all.length, artifacts: items }, headers);
  }
  const id = Number(artifactId);
  if (format === undefined) {
    if (method === 'DELETE') return catalog.delete(repository, id) ? { status: 204, headers: {} } : notFound();
    if (method !== 'GET') return notFound();
    const artifact = catalog.get(repository, id);
    return artifact ? json(200, restArtifactShape(artifact, apiUrl, repository, runRef)) : notFound();
  }
  if (method !== 'GET' || format !== 'zip') return notFound();
  const artifact = catalog.get(repository, id);
  if (!artifact) return notFound();
  if (artifact.expired) return json(410, { message: 'Artifact has expired', documentation_url: DOCS, status: '410' });
  // Like GitHub: a 302 to a short-lived blob URL outside the API, which needs no token.
  return { status: 302, headers: { location: catalog.downloadUrl(repository, id) as string } };
}

/** A node handler for the routes above, mounted at `basePath` ('' or e.g. '/api/v3'); resolves false for any other path. */
export function createArtifactRestHandler(
  catalog: ArtifactCatalog,
  options: { basePath?: string } = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  return async (req, res) => {
    const full = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (!full.pathname.startsWith(`${basePath}/`)) return false;
    const url = new URL(full.href);
    url.pathname = full.pathname.slice(basePath.length);
    const reply = answerArtifactRoute(catalog, req.method ?? 'GET', url, Boolean(req.headers.authorization), `${full.origin}${basePath}`);
    if (!reply) return false;
    req.resume();
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    return true;
  };
}
