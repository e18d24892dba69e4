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
import { role as previewComment } from '../src/role.js';

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

describe('the preview-comment action on the role host', () => {
  test('preview-comment without a pull request for the event says so and writes nothing', async () => {
    const d = deps({}, { name: 'deployment_status', payload: { deployment: { sha: 'a'.repeat(40), ref: 'main' } } });
    await d.writeEvent();
    await runRole(previewComment, d.deps);
    expect(d.io.outputs).toMatchObject({ pr: '', healthy: 'true' });
    expect(fx.emu.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
