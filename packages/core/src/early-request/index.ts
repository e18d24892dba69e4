/**
 * A role's first GitHub request, started before the role's code is loaded: the action entry calls
 * `startEarlyRequest` first and loads the rest with a dynamic import, so the round trip to GitHub overlaps the
 * ~800 KiB of JS that Node reads and compiles meanwhile. The GitHub client's transport (http-fetch.ts) then takes
 * the answer instead of asking again (`takeEarlyResponse`), once, and only when its first request is exactly this
 * one: a GET of the same URL with the same token and headers. A failed or non-2xx early answer is not used: the
 * client makes its own request, so retries, rate-limit waits and error messages stay what they were.
 *
 * It asks the same URL with the same headers as the client would (the token as @actions/core reads the
 * `github-token` input, GITHUB_API_URL, GITHUB_REPOSITORY, octokit's accept and user agent); when anything is
 * missing or unusual (no token, a proxy, an odd repository or PR number) it does nothing and the client asks itself.
 * Nothing but node:http/https: this module is loaded before everything else.
 */
import http from 'node:http';

type Env = Readonly<Record<string, string | undefined>>;

/** An early answer, read to its end: the socket goes back to the pool at once. */
export interface EarlyResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface Pending {
  url: string;
  /** The request headers, token included: kept only to compare with the client's request, never logged. */
  headers: Record<string, string>;
  /** What the client's first request would be, for the note when it goes unused: method and path, no token. */
  label: string;
  response: Promise<EarlyResponse | undefined>;
  abort(): void;
}

/** The one early request of this process, until the client's first request takes or discards it. */
let pending: Pending | undefined;
/** Early requests that no request took, as `GET <path>` (no token): a role that named the wrong first request. */
const unused: string[] = [];

/** What octokit's REST requests ask for (the @octokit/endpoint default). */
const ACCEPT = 'application/vnd.github.v3+json';
/** @octokit/core's user agent trail; a test compares the whole header with what the client sends. */
const OCTOKIT_CORE = 'octokit-core.js/7.0.8';
/** An answer larger than this is not kept (the client asks again); a repository or a PR is a few KiB. */
const MAX_BODY = 4 * 1024 * 1024;
/**
 * The path templates a role may name: {owner} and {repo} from GITHUB_REPOSITORY, {pr} from the `pr` input. A query
 * string is the template's own, written as octokit sends it (the labels listing is the first page paginate asks).
 */
export type EarlyPath = '/repos/{owner}/{repo}' | '/repos/{owner}/{repo}/pulls/{pr}' | '/repos/{owner}/{repo}/labels?per_page=100' | '/user';

/** The user agent @actions/github sends in front of octokit's: the runner's orchestration id, when it sets one. */
export function actionsUserAgent(env: Env): string | undefined {
  const id = env.ACTIONS_ORCHESTRATION_ID?.trim();
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined;
}

/** universal-user-agent's answer, which @octokit/core appends. */
function platformAgent(): string {
  const nav = (globalThis as { navigator?: { userAgent?: unknown } }).navigator;
  if (typeof nav === 'object' && nav !== null && 'userAgent' in nav) return String(nav.userAgent);
  return `Node.js/${process.version.slice(1)} (${process.platform}; ${process.arch})`;
}

/** The authorization header @octokit/auth-token builds from the token. */
function authorization(token: string): string {
  return `${token.split('.').length === 3 ? 'bearer' : 'token'} ${token}`;
}

/** The request the client would make, or undefined when anything is missing or unusual. */
function plannedRequest(template: EarlyPath, env: Env): { url: URL; headers: Record<string, string>; label: string } | undefined {
  // @actions/core's getInput: the variable named after the input, trimmed. requireToken refuses inner whitespace.
  const token = (env['INPUT_GITHUB-TOKEN'] ?? '').trim();
  if (token === '' || /\s/.test(token)) return undefined;
  // A proxy sends the client through another transport; this request would go around it.
  if (['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some((name) => (env[name] ?? '') !== '')) return undefined;
  if (!env.GITHUB_EVENT_NAME) return undefined;
  const repository = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  if (!repository) return undefined;
  let path: string = template.replace('{owner}', repository[1]!).replace('{repo}', repository[2]!);
  if (path.includes('{pr}')) {
    const pr = (env.INPUT_PR ?? '').trim();
    if (!/^[1-9]\d{0,8}$/.test(pr)) return undefined;
    path = path.replace('{pr}', pr);
  }
  const base = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base + path);
  } catch {
    return undefined;
  }
  // Only the template's query: one that GITHUB_API_URL brings (or that would wrap the template's) is refused.
  const query = template.includes('?') ? template.slice(template.indexOf('?')) : '';
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== query || url.hash !== '') return undefined;
  const prefix = actionsUserAgent(env);
  const agent = `${OCTOKIT_CORE} ${platformAgent()}`;
  const headers = {
    accept: ACCEPT,
    'user-agent': prefix ? `${prefix} ${agent}` : agent,
    authorization: authorization(token),
    'accept-encoding': 'gzip, deflate, br',
  };
  return { url, headers, label: `GET ${path}` };
}

function send(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<EarlyResponse | undefined> {
  const client = url.protocol === 'https:' ? (process.getBuiltinModule('node:https') as typeof import('node:https')) : http;
  return new Promise((resolve) => {
    const request = client.request(url, { method: 'GET', headers, signal }, (message) => {
      const status = message.statusCode ?? 0;
      if (status < 200 || status > 299) {
        message.resume();
        resolve(undefined);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      message.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) request.destroy(new Error('early answer too large'));
        else chunks.push(chunk);
      });
      message.on('end', () => resolve({ status, statusText: message.statusMessage ?? '', headers: message.headers, body: Buffer.concat(chunks) }));
      // Once resolved these change nothing; before the end they mean a cut answer.
      message.on('error', () => resolve(undefined));
      message.on('close', () => resolve(undefined));
    });
    request.on('error', () => resolve(undefined));
    request.end();
  });
}

/**
 * Starts the GET the role makes first (`template` filled from the environment), unless one is under way or
 * anything needed is missing. Returns whether it started one.
 */
export function startEarlyRequest(template: EarlyPath, env: Env = process.env): boolean {
  if (pending) return false;
  const planned = plannedRequest(template, env);
  // Without process.getBuiltinModule (Node before 20.16) https would need an await here: not worth it.
  if (!planned || (planned.url.protocol === 'https:' && typeof process.getBuiltinModule !== 'function')) return false;
  const controller = new AbortController();
  pending = {
    url: planned.url.href,
    headers: planned.headers,
    label: planned.label,
    response: send(planned.url, planned.headers, controller.signal),
    abort: () => controller.abort(),
  };
  return true;
}

/**
 * For the transport's first request: the early answer when this is the same GET (URL, token and headers),
 * else undefined. Either way the early request is settled: it is used at most once and never after another
 * request went first (whose writes it might not show). Resolves undefined when the early request failed.
 */
export function takeEarlyResponse(
  url: string,
  method: string,
  headers: Readonly<Record<string, string>>,
  /** False for a request with a body or an abort signal: never answered early. */
  plain: boolean,
): Promise<EarlyResponse | undefined> | undefined {
  const early = pending;
  if (!early) return undefined;
  pending = undefined;
  const names = Object.keys(headers);
  const same =
    plain &&
    method === 'GET' &&
    url === early.url &&
    names.length === Object.keys(early.headers).length &&
    names.every((name) => headers[name] === early.headers[name]);
  if (same) return early.response;
  early.abort();
  unused.push(early.label);
  return undefined;
}

/**
 * Ends the early request if nothing took it (the role failed before asking, or asked something else first),
 * and returns the `GET <path>` of every early request that went unused in this process.
 */
export function dropEarlyRequest(): string[] {
  if (pending) {
    pending.abort();
    unused.push(pending.label);
    pending = undefined;
  }
  return unused.splice(0);
}
