import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOctokit, type Octokit } from '@eternia/core';

/**
 * A small in-test stand-in for the few GitHub REST routes this package calls, with GitHub's
 * pagination (per_page capped at 100, Link header) and error shapes. The shared emulator in
 * packages/testkit replaces it once that lands.
 */
export interface FakeComment { id: number; body: string; user: { login: string }; created_at: string }
export interface FakeIssue { number: number; state: 'open' | 'closed'; labels: string[]; pull_request?: boolean }

export class FakeGitHub {
  /** The login that comments created through the API are attributed to. */
  actingLogin = 'github-actions[bot]';
  comments = new Map<number, FakeComment[]>();
  issues: FakeIssue[] = [];
  repoLabels = new Map<string, { name: string; color: string; description: string | null }>();
  requests: { method: string; path: string; body?: unknown }[] = [];
  /** Called before a label create is stored: lets a test simulate a concurrent creator. */
  beforeCreateLabel?: (name: string) => void;
  private nextId = 1000;
  private clock = Date.parse('2024-01-01T00:00:00Z');
  private server!: Server;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => send(res, 500, { message: String(e) }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  octokit(): Octokit {
    return createOctokit({ token: 'test-token', baseUrl: this.baseUrl, fetch: globalThis.fetch, retries: 0 });
  }

  addComment(issue: number, login: string, body: string): FakeComment {
    const comment = { id: this.nextId++, body, user: { login }, created_at: this.tick() };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body: Record<string, unknown> | undefined = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    this.requests.push({ method, path: url.pathname + url.search, ...(body ? { body } : {}) });
    if (req.headers.authorization !== 'token test-token') return send(res, 401, { message: 'Bad credentials' });

    const prefix = '/repos/o/r/';
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
    const path = url.pathname.slice(prefix.length);
    let m: RegExpExecArray | null;

    if ((m = /^issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(m[1]);
      if (method === 'GET') return this.page(res, url, this.comments.get(issue) ?? []);
      if (method === 'POST') return send(res, 201, this.addComment(issue, this.actingLogin, String(body?.body)));
    }
    if ((m = /^issues\/comments\/(\d+)$/.exec(path)) && (method === 'PATCH' || method === 'DELETE')) {
      const id = Number(m[1]);
      for (const [issue, list] of this.comments) {
        const found = list.find((c) => c.id === id);
        if (!found) continue;
        if (method === 'DELETE') {
          this.comments.set(issue, list.filter((c) => c.id !== id));
          res.writeHead(204).end();
          return;
        }
        found.body = String(body?.body);
        return send(res, 200, found);
      }
      return send(res, 404, { message: 'Not Found' });
    }
    if ((m = /^issues\/(\d+)\/labels$/.exec(path)) && method === 'GET') {
      const issue = this.issues.find((i) => i.number === Number(m![1]));
      if (!issue) return send(res, 404, { message: 'Not Found' });
      return this.page(res, url, issue.labels.map((name, id) => ({ id, name, color: 'ededed' })));
    }
    if (path === 'issues' && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const wanted = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean).map((l) => l.toLowerCase());
      const matching = this.issues
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
        .map((i) => ({
          number: i.number,
          state: i.state,
          labels: i.labels.map((name) => ({ name })),
          ...(i.pull_request ? { pull_request: { url: `${this.baseUrl}/repos/o/r/pulls/${i.number}` } } : {}),
        }));
      return this.page(res, url, matching);
    }
    if ((m = /^labels\/([^/]+)$/.exec(path)) && method === 'GET') {
      const label = this.repoLabels.get(decodeURIComponent(m[1]!).toLowerCase());
      return label ? send(res, 200, label) : send(res, 404, { message: 'Not Found' });
    }
    if (path === 'labels' && method === 'POST') {
      const name = String(body?.name);
      this.beforeCreateLabel?.(name);
      if (this.repoLabels.has(name.toLowerCase())) {
        return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      if (!/^[0-9a-f]{6}$/.test(String(body?.color))) {
        return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });
      }
      const label = { name, color: String(body?.color), description: (body?.description as string | undefined) ?? null };
      this.repoLabels.set(name.toLowerCase(), label);
      return send(res, 201, label);
    }
    return send(res, 404, { message: `Not Found: ${method} ${path}` });
  }

  private page(res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    send(res, 200, slice, headers);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}
