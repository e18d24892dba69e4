import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  details_url?: string | null;
  html_url?: string | null;
  app?: { slug: string } | null;
  output?: { title: string | null; summary: string | null; annotations_count: number };
}

export interface FakeStatus {
  id: number;
  context: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  target_url?: string | null;
  description?: string | null;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title?: string | null;
  message: string;
}

/** What the fake GitHub answers; functions of the poll number (1 for the first listing of check runs). */
export interface ChecksScenario {
  checkRuns: (poll: number) => FakeCheckRun[];
  statuses?: (poll: number) => FakeStatus[];
  annotations?: Record<number, FakeAnnotation[]>;
  /** Job id → log text, or an HTTP status to fail with. */
  logs?: Record<number, string | number>;
  /** Check runs per page, to exercise pagination (GitHub's is per_page, up to 100). */
  pageSize?: number;
  /** Status code for every check-run listing, to exercise errors. */
  failListing?: number;
}

/**
 * A tiny stand-in for the few REST routes waitForChecks uses, shaped like GitHub's responses
 * (pagination with Link headers, the log endpoint's redirect to blob storage).
 */
export async function startFakeChecksServer(owner: string, repo: string, scenario: ChecksScenario) {
  const requests: string[] = [];
  let poll = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}`);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const prefix = `/repos/${owner}/${repo}`;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${prefix}/commits/([0-9a-f]{40})/check-runs$`).exec(url.pathname))) {
      if (scenario.failListing) return json(scenario.failListing, { message: 'Server Error' });
      const page = Number(url.searchParams.get('page') ?? '1');
      if (page === 1) poll++;
      const all = scenario.checkRuns(poll);
      const size = scenario.pageSize ?? Number(url.searchParams.get('per_page') ?? '30');
      const slice = all.slice((page - 1) * size, page * size);
      const headers: Record<string, string> = {};
      if (page * size < all.length) {
        const next = new URL(url.toString());
        next.host = req.headers.host ?? '';
        next.searchParams.set('page', String(page + 1));
        headers['link'] = `<${next.toString()}>; rel="next"`;
      }
      return json(200, { total_count: all.length, check_runs: slice }, headers);
    }
    if ((m = new RegExp(`^${prefix}/commits/([0-9a-f]{40})/status$`).exec(url.pathname))) {
      const statuses = scenario.statuses?.(poll) ?? [];
      const state = statuses.some((s) => s.state === 'failure' || s.state === 'error') ? 'failure' : statuses.some((s) => s.state === 'pending') || statuses.length === 0 ? 'pending' : 'success';
      return json(200, { state, sha: m[1], total_count: statuses.length, statuses, repository: {}, commit_url: '', url: '' });
    }
    if ((m = new RegExp(`^${prefix}/check-runs/(\\d+)/annotations$`).exec(url.pathname))) {
      const list = scenario.annotations?.[Number(m[1])];
      return list ? json(200, list.slice(0, Number(url.searchParams.get('per_page') ?? '30'))) : json(404, { message: 'Not Found' });
    }
    if ((m = new RegExp(`^${prefix}/actions/jobs/(\\d+)/logs$`).exec(url.pathname))) {
      const log = scenario.logs?.[Number(m[1])];
      if (log === undefined) return json(404, { message: 'Not Found' });
      if (typeof log === 'number') return json(log, { message: log === 410 ? 'Gone' : 'Error' });
      res.writeHead(302, { location: `http://${req.headers.host}/_blobs/job-logs/${m[1]}.txt` });
      return res.end();
    }
    if ((m = /^\/_blobs\/job-logs\/(\d+)\.txt$/.exec(url.pathname))) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(String(scenario.logs?.[Number(m[1])] ?? ''));
    }
    return json(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    polls: () => poll,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
