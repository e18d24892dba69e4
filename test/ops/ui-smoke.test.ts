/**
 * The ui_smoke script against pages served on 127.0.0.1, in Debian's Chromium (Playwright's own browser download
 * cannot run on this machine; the workflow installs it with `playwright-core install chromium`). Skipped, saying
 * so, where /usr/bin/chromium is absent.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const script = fileURLToPath(new URL('../../examples/ui-smoke/ui-smoke.mjs', import.meta.url));
const has = existsSync(CHROMIUM);
if (!has) console.warn(`ui-smoke tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const PAGES: Record<string, { status: number; html: string }> = {
  '/': { status: 200, html: '<!doctype html><title>Shop</title><h1>Shop</h1>' },
  '/broken-js': { status: 200, html: '<!doctype html><title>Broken</title><script>undefinedFunction()</script>' },
  '/console': { status: 200, html: '<!doctype html><title>Noisy</title><script>console.error("checkout failed")</script>' },
  '/down': { status: 502, html: 'bad gateway' },
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const page = PAGES[new URL(req.url ?? '/', 'http://x').pathname] ?? { status: 404, html: 'no' };
    res.writeHead(page.status, { 'content-type': 'text/html' }).end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function smoke(paths: string, url = base): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, BASE_URL: url, SMOKE_PATHS: paths, CHROMIUM_PATH: CHROMIUM }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

// jest 30 fails a suite whose describe.each table is empty, so absence is a plain skip.
(has ? describe : describe.skip)(`ui smoke in ${CHROMIUM}`, () => {
  test('a healthy page passes and names its title', async () => {
    const { code, out } = await smoke('/');
    expect(out).toContain(`${base}/: HTTP 200, title "Shop"`);
    expect(code).toBe(0);
  }, 120_000);

  test('an HTTP error, a page error and a console error each fail it', async () => {
    const { code, out } = await smoke('/,/broken-js,/console,/down');
    expect(code).toBe(1);
    expect(out).toContain('page error: undefinedFunction is not defined');
    expect(out).toContain('console error: checkout failed');
    expect(out).toContain(`${base}/down answered HTTP 502`);
  }, 120_000);

  test('a BASE_URL that is not http(s) is refused before any browser starts', async () => {
    const { code, out } = await smoke('/', 'file:///etc/passwd');
    expect(code).toBe(2);
    expect(out).toContain('BASE_URL must be an http(s) URL');
  });
});
