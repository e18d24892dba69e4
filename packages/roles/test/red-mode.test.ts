/**
 * red-mode against the GitHub emulator and a real health server on 127.0.0.1: the debounce counts live in the
 * tracking issue between runs, red-mode is raised after N failing runs and cleared after M passing ones, and while
 * it is on the supervisor takes only fix work.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { manualClock, type ManualClock } from '@eternia/core';
import { redModeStatus } from '@eternia/github';
import { runRedMode, readState, type RedModeResult, type RedModeSettings } from '../src/red-mode/index.js';
import { runSupervisor } from '../src/supervisor/index.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { BOT, quietLog, supervisorFixture, type SupervisorFixture } from './supervisor-fixture.js';

let fx: SupervisorFixture;
let health: HealthServer;
let clock: ManualClock;
let counter = 0;

beforeEach(async () => {
  fx = await supervisorFixture(`red${++counter}`);
  health = await startHealthServer();
  clock = manualClock(Date.UTC(2026, 11, 2, 6, 0));
  health.set('/api/healthz', 200);
  health.set('/web/healthz', 200);
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await health.close();
  await fx.close();
});

const settings = (over: Partial<RedModeSettings> = {}): RedModeSettings => ({
  checks: [
    { name: 'api', url: `${health.url}/api/healthz`, expectedStatus: 200, timeoutMs: 2000 },
    { name: 'web', url: `${health.url}/web/healthz`, expectedStatus: 200, timeoutMs: 2000 },
  ],
  retries: 1,
  retryDelayMs: 1000,
  raiseAfter: 3,
  clearAfter: 2,
  label: 'red-mode',
  botLogin: BOT,
  ...over,
});

/** One scheduled run, five minutes after the last. */
async function scheduledRun(over: Partial<RedModeSettings> = {}): Promise<RedModeResult> {
  clock.advance(5 * 60_000);
  return runRedMode({ octokit: fx.bot, repo: fx.repo, settings: settings(over), fetch: globalThis.fetch, clock, log: quietLog });
}

const isRed = async () => (await redModeStatus(fx.human, { ...fx.repo, redModeLabel: 'red-mode' })).active;
const writes = () => fx.emu.requests.filter((r) => r.method !== 'GET' && r.token === 'ghs_bot').length;

describe('red-mode debounce', () => {
  test('raised only after three failing runs in a row, cleared only after two passing runs in a row', async () => {
    health.set('/api/healthz', 503);
    const first = await scheduledRun();
    expect(first).toMatchObject({ action: 'counted', active: false, state: { failing: 1, passing: 0 } });
    expect(first.results.find((r) => r.name === 'api')).toMatchObject({ ok: false, status: 503, attempts: 2, error: 'HTTP 503, expected 200' });
    // The retry waited through the injected clock.
    expect(clock.sleeps).toEqual([1000]);
    expect(await isRed()).toBe(false);
    const issue = first.issue!;
    const { data: kept } = await fx.human.rest.issues.get({ ...fx.repo, issue_number: issue });
    expect(kept.state).toBe('closed');
    // The streak starts at the last try of the first failing run (one retry, one second later).
    expect(readState(kept.body)).toMatchObject({ failing: 1, since: { api: '2026-12-02T06:05:01.000Z' } });

    expect((await scheduledRun({ retries: 0 })).action).toBe('counted');
    expect(await isRed()).toBe(false);
    const third = await scheduledRun({ retries: 0 });
    expect(third).toMatchObject({ action: 'raised', active: true, issue });
    expect(await isRed()).toBe(true);
    const { data: raised } = await fx.human.rest.issues.get({ ...fx.repo, issue_number: issue });
    expect(raised.state).toBe('open');
    expect(raised.labels.map((l) => (typeof l === 'string' ? l : l.name))).toContain('red-mode');
    expect(raised.body).toContain(`| api | ${health.url}/api/healthz | ❌ HTTP 503, expected 200 | 2026-12-02T06:05:01.000Z |`);
    expect(raised.body).toContain('| web |');

    // Recovering: one pass is not enough, a failure in between starts the count again.
    health.set('/api/healthz', 200);
    expect(await scheduledRun({ retries: 0 })).toMatchObject({ action: 'counted', active: true, state: { passing: 1 } });
    health.set('/api/healthz', 500);
    expect(await scheduledRun({ retries: 0 })).toMatchObject({ active: true, state: { passing: 0, failing: 1 } });
    health.set('/api/healthz', 200);
    await scheduledRun({ retries: 0 });
    expect(await isRed()).toBe(true);
    const cleared = await scheduledRun({ retries: 0 });
    expect(cleared).toMatchObject({ action: 'cleared', active: false, issue });
    expect(await isRed()).toBe(false);
    const { data: closed } = await fx.human.rest.issues.get({ ...fx.repo, issue_number: issue });
    expect(closed.state).toBe('closed');
    expect(closed.state_reason).toBe('completed');
    const { data: notes } = await fx.human.rest.issues.listComments({ ...fx.repo, issue_number: issue });
    expect(notes.map((c) => c.body)).toEqual([
      expect.stringMatching(/^Red-mode raised at 2026-12-02T06:15:01.000Z: `api` failed 3 runs in a row/),
      expect.stringMatching(/^Red-mode cleared at 2026-12-02T06:35:01.000Z: every check passed 2 runs in a row/),
    ]);

    // Raised again later: the same issue is reopened, no second tracking issue.
    health.set('/web/healthz', 'hang');
    for (let i = 0; i < 3; i++) await scheduledRun({ checks: settings().checks.map((c) => ({ ...c, timeoutMs: 200 })), retries: 0 });
    expect(await isRed()).toBe(true);
    const { data: all } = await fx.human.rest.issues.listForRepo({ ...fx.repo, state: 'all', labels: 'red-mode' });
    expect(all.map((i) => i.number)).toEqual([issue]);
    const { data: again } = await fx.human.rest.issues.get({ ...fx.repo, issue_number: issue });
    expect(again.body).toContain('❌ no answer within 200 ms');
  });

  test('a flapping endpoint never raises red-mode', async () => {
    for (let i = 0; i < 8; i++) {
      health.set('/api/healthz', i % 2 === 0 ? 502 : 200);
      const result = await scheduledRun({ retries: 0 });
      expect(result.active).toBe(false);
    }
    expect(await isRed()).toBe(false);
  });

  test('a failure that passes on retry counts as a pass', async () => {
    let calls = 0;
    health.set('/api/healthz', (_req, res) => {
      res.writeHead(++calls === 1 ? 500 : 200).end();
    });
    const result = await scheduledRun({ raiseAfter: 1 });
    expect(result.results.find((r) => r.name === 'api')).toMatchObject({ ok: true, status: 200, attempts: 2 });
    expect(result).toMatchObject({ action: 'unchanged', active: false, issue: null });
  });

  test('a healthy repository that never failed writes nothing at all', async () => {
    for (let i = 0; i < 4; i++) await scheduledRun();
    expect(writes()).toBe(0);
  });

  test('a steady red-mode with the same failures does not rewrite the issue every run', async () => {
    health.set('/api/healthz', 503);
    for (let i = 0; i < 3; i++) await scheduledRun({ retries: 0 });
    const before = writes();
    expect((await scheduledRun({ retries: 0 })).action).toBe('unchanged');
    expect((await scheduledRun({ retries: 0 })).action).toBe('unchanged');
    expect(writes()).toBe(before);
  });

  test('a redirect is an answer, not followed: a health URL that redirects to a login page fails', async () => {
    health.set('/api/healthz', (_req, res) => res.writeHead(302, { location: '/web/healthz' }).end());
    const result = await scheduledRun({ retries: 0 });
    expect(result.results.find((r) => r.name === 'api')).toMatchObject({ ok: false, status: 302 });
  });

  test("a state marker seeded in someone else's red-mode issue is not adopted", async () => {
    const fake = '<!-- eternia-agents:red-mode-state {"v":1,"failing":99,"passing":0,"since":{}} -->';
    const seeded = await fx.emu.createIssue({ ...fx.repo, title: 'prod is down', body: fake, labels: ['red-mode'], user: 'maintainer' });
    health.set('/api/healthz', 503);
    const result = await scheduledRun({ retries: 0 });
    expect(result.state.failing).toBe(1);
    expect(result.issue).not.toBe(seeded.number);
    // The human's own open red-mode issue still counts for the supervisor; this action neither closes nor edits it.
    const { data } = await fx.human.rest.issues.get({ ...fx.repo, issue_number: seeded.number as number });
    expect(data.state).toBe('open');
    expect(data.body).toBe(fake);
  });

  test('an unreadable state marker in its own issue restarts the count instead of failing', async () => {
    health.set('/api/healthz', 503);
    const first = await scheduledRun({ retries: 0 });
    await fx.bot.rest.issues.update({
      ...fx.repo,
      issue_number: first.issue!,
      body: '<!-- eternia-agents:red-mode-state {"v":1,"failing":"lots"} -->',
    });
    expect((await scheduledRun({ retries: 0 })).state.failing).toBe(1);
  });
});

describe('red-mode and the supervisor, end to end', () => {
  test('while red-mode is raised only fix work is claimed; once cleared, feature work proceeds', async () => {
    const feature = (await fx.emu.createIssue({ ...fx.repo, title: 'Add gift cards', labels: ['agent:ready'], user: 'maintainer' })).number as number;
    const fix = (await fx.emu.createIssue({ ...fx.repo, title: 'Checkout 500s', labels: ['agent:ready', 'bug'], user: 'maintainer' }))
      .number as number;
    health.set('/api/healthz', 503);
    for (let i = 0; i < 3; i++) await scheduledRun({ retries: 0 });
    expect(await isRed()).toBe(true);

    const supervise = () =>
      runSupervisor({ octokit: fx.bot, repo: fx.repo, settings: fx.settings, log: quietLog }, { kind: 'poll', source: 'schedule' });
    const during = await supervise();
    expect(during.redMode.active).toBe(true);
    expect(during.matrix.map((m) => m.issue)).toEqual([fix]);
    expect(during.skipped).toEqual([{ issue: feature, reason: expect.stringContaining("only fix work (labels 'bug') is taken") }]);

    health.set('/api/healthz', 200);
    await scheduledRun({ retries: 0 });
    await scheduledRun({ retries: 0 });
    expect(await isRed()).toBe(false);
    const after = await supervise();
    expect(after.matrix.map((m) => m.issue)).toEqual([feature]);
  });
});
