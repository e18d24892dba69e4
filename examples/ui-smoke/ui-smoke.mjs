#!/usr/bin/env node
// The ui_smoke check (workflows-templates/ui_smoke.yml): opens BASE_URL in headless Chromium with
// playwright-core and fails on an HTTP error, an uncaught page error, a console error or a failed
// same-origin request. Copy it to .github/ui-smoke.mjs; add checks for your own pages below.
// CHROMIUM_PATH runs a system Chromium instead of Playwright's own (tests on machines without the download).
import { chromium } from 'playwright-core';

const baseUrl = process.env.BASE_URL ?? '';
if (!/^https?:\/\//.test(baseUrl)) {
  console.error(`BASE_URL must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  process.exit(2);
}
const paths = (process.env.SMOKE_PATHS ?? '/').split(',').map((p) => p.trim()).filter(Boolean);
const timeout = Number(process.env.SMOKE_TIMEOUT_MS ?? 30000);

const browser = await chromium.launch({
  headless: true,
  ...(process.env.CHROMIUM_PATH ? { executablePath: process.env.CHROMIUM_PATH } : {}),
  args: process.env.CHROMIUM_PATH ? ['--no-sandbox'] : [],
});
const problems = [];
try {
  const page = await browser.newPage();
  const origin = new URL(baseUrl).origin;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    // The browser's own favicon request is not the page's doing.
    if (msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico')) problems.push(`console error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => {
    if (req.url().startsWith(origin)) problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`);
  });
  for (const path of paths) {
    const url = new URL(path, baseUrl).toString();
    const response = await page.goto(url, { waitUntil: 'load', timeout });
    const status = response?.status() ?? 0;
    if (status === 0 || status >= 400) problems.push(`${url} answered HTTP ${status}`);
    const title = await page.title();
    console.log(`${url}: HTTP ${status}, title ${JSON.stringify(title)}`);
  }
} catch (error) {
  problems.push(`could not load the page: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log(`✓ ui smoke passed (${paths.length} page(s))`);
