/**
 * The red-mode, preview-comment and observe declarations on the role host: policy read from the workspace, outputs
 * and summary written, and a bad policy key failing with the key named. Against the GitHub emulator.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { runRole } from '@eternia/action-kit';
import { memoryIO } from '../../../packages/core/test/memory-io.js';
import { startHealthServer, type HealthServer } from '../../../packages/roles/test/health-server.js';
import { supervisorFixture, type SupervisorFixture } from '../../../packages/roles/test/supervisor-fixture.js';
import { role as redMode } from '../src/role.js';

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

describe('the red-mode action on the role host', () => {
  test('red-mode reads health.checks from the policy and raises with raise-after: 1', async () => {
    health.set('/healthz', 500);
    await policy(`health:\n  checks: [{ name: api, url: "${health.url}/healthz" }]\n  retries: 0\n  raise-after: 1\n`);
    const d = deps();
    await d.writeEvent();
    await runRole(redMode, d.deps);
    expect(d.io.outputs).toMatchObject({ active: 'true', action: 'raised', failing: '["api"]' });
    expect(d.io.summary.join('')).toContain('Red-mode is **on**');
  });

  test('a bad policy key fails with the key named', async () => {
    await policy('health:\n  checks: [{ name: api, url: "gopher://x.example" }]\n');
    const d = deps();
    await d.writeEvent();
    await expect(runRole(redMode, d.deps)).rejects.toThrow(ConfigurationError);
    await expect(runRole(redMode, d.deps)).rejects.toThrow("key 'health.checks[0].url': the URL must use http or https, not gopher");
  });
});
