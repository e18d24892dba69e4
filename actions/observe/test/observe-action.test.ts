/**
 * The red-mode, preview-comment and observe declarations on the role host: policy read from the workspace, outputs
 * and summary written, and a bad policy key failing with the key named. Against the GitHub emulator.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runRole } from '@eternia/action-kit';
import { memoryIO } from '../../../packages/core/test/memory-io.js';
import { startHealthServer, type HealthServer } from '../../../packages/roles/test/health-server.js';
import { supervisorFixture, type SupervisorFixture } from '../../../packages/roles/test/supervisor-fixture.js';
import { role as observe } from '../src/role.js';

let fx: SupervisorFixture;
let health: HealthServer;
let workspace: string;

beforeEach(async () => {
  fx = await supervisorFixture('ops-actions');
  health = await startHealthServer();
  workspace = await mkdtemp(path.join(tmpdir(), 'ops-actions-'));
  await mkdir(path.join(workspace, '.github'), { recursive: true });
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await health.close();
  await fx.close();
  await rm(workspace, { recursive: true, force: true });
});

function deps(inputs: Record<string, string> = {}, event: { name: string; payload?: object } = { name: 'schedule' }) {
  const io = memoryIO({ inputs: { 'github-token': 'ghs_bot', 'bot-login': 'github-actions[bot]', ...inputs } });
  const eventPath = path.join(workspace, 'event.json');
  return {
    io,
    eventPath,
    deps: {
      io,
      env: {
        GITHUB_REPOSITORY: `${fx.repo.owner}/${fx.repo.repo}`,
        GITHUB_API_URL: fx.emu.url,
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: eventPath,
        RUNNER_TEMP: workspace,
      },
      cwd: workspace,
      fetch: globalThis.fetch,
      sleep: async () => {},
      now: () => Date.UTC(2026, 11, 2, 8, 0),
    },
    async writeEvent() {
      await writeFile(eventPath, JSON.stringify(event.payload ?? {}));
    },
  };
}

const policy = (text: string) => writeFile(path.join(workspace, '.github', 'agents.yml'), text);

describe('the observe action on the role host', () => {
  test('observe writes the baseline where it is told, and refuses a path outside the workspace', async () => {
    health.set('/metrics', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('h_bucket{le="+Inf",status_code="200"} 3\nh_count{status_code="200"} 3\n');
    });
    await policy(`observe:\n  services: [{ name: api, metrics-url: "${health.url}/metrics", histogram: h }]\n`);
    const d = deps({ 'baseline-file': 'cache/baseline.json' });
    await d.writeEvent();
    await runRole(observe, d.deps);
    expect(d.io.outputs['baseline-file']).toBe(path.join(workspace, 'cache', 'baseline.json'));
    expect(d.io.summary.join('')).toContain('| api | 3 req, 0.00% 5xx');
    const bad = deps({ 'baseline-file': '../../etc/baseline.json' });
    await expect(runRole(observe, bad.deps)).rejects.toThrow('baseline-file: must be a file inside the workspace or RUNNER_TEMP');
  });
});
