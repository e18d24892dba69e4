/**
 * The `fetch` the GitHub client uses when no proxy applies: the part of fetch that @octokit/request calls, over
 * node:http and node:https. Node's own fetch is undici, which Node compiles on the first call of every process
 * (about 55 ms, a third of a bare `node` start); node:http is in Node's startup snapshot.
 *
 * What it keeps from fetch: redirects followed (at most 20; 303, and 301/302 after a POST, become a GET without
 * body; `authorization` and `cookie` dropped when the origin changes), gzip/deflate/br answers decoded, the
 * abort signal, `headers` as an iterable of lower-case names, `text()`, `json()`, `arrayBuffer()` and a web `body`
 * stream. A request it does not cover (a streamed body, `redirect: 'manual'` or `'error'`) goes to Node's fetch.
 * Errors look like fetch's to octokit: a TypeError('fetch failed') whose `cause` is the network error.
 * The first request of the process may be answered by the early request of the role's entry (early-request/).
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { takeEarlyResponse } from './early-request/index.js';

type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/** Response headers as fetch shows them: lower-case names, repeated headers joined with ', '. */
class ResponseHeaders {
  readonly #map = new Map<string, string>();
  constructor(raw: http.IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.#map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }
  forEach(fn: (value: string, name: string) => void): void {
    for (const [name, value] of this) fn(value, name);
  }
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    yield* [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Status line and headers of an answer: from the socket, or from the early request (early-request/). */
interface Head {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
}

class HttpResponse {
  readonly headers: ResponseHeaders;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly redirected: boolean;
  readonly url: string;
  readonly #stream: Readable;
  #used = false;
  constructor(head: Head, url: string, redirected: boolean, stream: Readable) {
    this.status = head.status;
    this.statusText = head.statusText;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new ResponseHeaders(head.headers);
    this.url = url;
    this.redirected = redirected;
    this.#stream = stream;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  get body(): ReadableStream<Uint8Array> {
    this.#take();
    return Readable.toWeb(this.#stream) as ReadableStream<Uint8Array>;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.#bytes());
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
  #take(): void {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
  }
  async #bytes(): Promise<Buffer> {
    this.#take();
    const chunks: Buffer[] = [];
    for await (const chunk of this.#stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

/** The answer's bytes, decoded as fetch does for the content-encodings it names in accept-encoding. */
async function decoded(headers: http.IncomingHttpHeaders, message: Readable): Promise<Readable> {
  const encoding = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) return message;
  // node:https and node:zlib load when first needed, as Node's fetch loads its parts.
  const { default: zlib } = await import('node:zlib');
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
      : encoding === 'deflate'
        ? zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return message;
  message.on('error', (error) => decoder.destroy(error));
  return message.pipe(decoder);
}

function fetchFailed(cause: unknown): TypeError {
  if ((cause as { name?: unknown } | null)?.name === 'AbortError') return cause as TypeError;
  return Object.assign(new TypeError('fetch failed'), { cause });
}

function headersOf(init: FetchInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const entries: Iterable<[string, string]> =
    Symbol.iterator in (init as object) ? (init as Iterable<[string, string]>) : Object.entries(init as Record<string, string>);
  for (const [name, value] of entries) out[name.toLowerCase()] = String(value);
  return out;
}

/** Whether a request body is one this fetch sends itself (anything else goes to Node's fetch). */
function plainBody(body: unknown): body is string | Uint8Array | ArrayBuffer | undefined | null {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

async function send(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, signal?: AbortSignal | null) {
  const client = url.protocol === 'https:' ? (await import('node:https')).default : http;
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = client.request(url, { method, headers, ...(signal && { signal }) }, resolve);
    request.on('error', reject);
    request.end(body);
  });
}

/** A request Node's fetch makes: if it comes first, the early answer (if any) goes unused. */
function otherFetch(input: string | URL, init: FetchInit): Promise<Response> {
  void takeEarlyResponse('', 'OTHER', {}, false);
  return globalThis.fetch(input, init);
}

/** fetch for @octokit/request over node:http/https (see the module comment for what it covers). */
export async function httpFetch(input: string | URL, init: FetchInit = {}): Promise<Response> {
  if (!plainBody(init.body) || (init.redirect !== undefined && init.redirect !== 'follow')) return otherFetch(input, init);
  let url = new URL(String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return otherFetch(input, init);
  let method = (init.method ?? 'GET').toUpperCase();
  const headers = headersOf(init.headers);
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  let body =
    init.body === undefined || init.body === null
      ? undefined
      : typeof init.body === 'string'
        ? Buffer.from(init.body)
        : init.body instanceof ArrayBuffer
          ? Buffer.from(init.body)
          : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
  if (body && headers['content-type'] === undefined && typeof init.body === 'string') headers['content-type'] = 'text/plain;charset=UTF-8';
  // The role's first request may already have been asked while its code loaded (a plain GET only).
  const early = await takeEarlyResponse(url.href, method, headers, !body && !init.signal);
  if (early) return new HttpResponse(early, url.href, false, await decoded(early.headers, Readable.from([early.body]))) as unknown as Response;
  for (let redirects = 0; ; redirects++) {
    if (body) headers['content-length'] = String(body.length);
    else if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0';
    else delete headers['content-length'];
    let message: http.IncomingMessage;
    try {
      message = await send(url, method, headers, body, init.signal);
    } catch (error) {
      throw fetchFailed(error);
    }
    const status = message.statusCode ?? 0;
    const location = message.headers.location;
    if (!REDIRECTS.has(status) || location === undefined) {
      const stream = method === 'HEAD' || status === 204 || status === 205 || status === 304 ? message : await decoded(message.headers, message);
      const head = { status, statusText: message.statusMessage ?? '', headers: message.headers };
      return new HttpResponse(head, url.href, redirects > 0, stream) as unknown as Response;
    }
    message.resume();
    if (redirects >= MAX_REDIRECTS) throw fetchFailed(new Error('redirect count exceeded'));
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw fetchFailed(new Error('URL scheme must be a HTTP(S) scheme'));
    if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      for (const name of Object.keys(headers)) if (name.startsWith('content-')) delete headers[name];
    }
    if (next.origin !== url.origin) {
      delete headers.authorization;
      delete headers['proxy-authorization'];
      delete headers.cookie;
    }
    delete headers.host;
    url = next;
  }
}
