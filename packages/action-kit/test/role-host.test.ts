/**
 * The role host with a trivial role declared in the test: nothing but `defineRole`, yet it gets its inputs parsed,
 * the agent PR and dossier read, and its outputs, run entry and summary written — and its dossier saved when it
 * fails. Against the GitHub emulator, with a directory dossier store.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { runAction } from '@eternia/core';
import { DirectoryDossierStore } from '@eternia/dossier';
import { defineRole, flowInputsSchema, runRole, type RoleActionDeps } from '../src/index.js';
import { memoryIO, type MemoryIO } from '../../core/test/memory-io.js';
import { flowFixture, type FlowFixture } from '../../roles/test/flow-fixture.js';

const RUN_ID = 4242;
let fx: FlowFixture;
let temp: string;
let store: DirectoryDossierStore;

beforeEach(async () => {
  fx = await flowFixture('host');
  temp = await mkdtemp(join(tmpdir(), 'role-host-'));
  store = new DirectoryDossierStore(join(temp, 'dossiers'));
});
afterEach(async () => {
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
  await rm(temp, { recursive: true, force: true });
});

/** The whole role: its inputs, what it needs, and its run. */
const greet = defineRole({
  name: 'greet',
  inputs: flowInputsSchema.extend({ greeting: z.string().default('hello'), fail: z.boolean().default(false), frozen: z.boolean().default(false) }),
  needs: { pull: true },
  async run({ inputs, pull, dossier }) {
    dossier.writeText('greeting.txt', `${inputs.greeting} #${pull.number}`);
    if (inputs.fail) throw new Error('the greeting went wrong');
    return {
      outputs: { greeting: inputs.greeting, pr: String(pull.number) },
      summary: `## Greeting\n\n${inputs.greeting} #${pull.number}\n`,
      record: inputs.frozen ? null : { status: 'success' },
    };
  },
});

function deps(inputs: Record<string, string>): RoleActionDeps & { io: MemoryIO } {
  const io = memoryIO({ inputs: { 'github-token': 'ghs_bot', pr: String(fx.pr), ...inputs } });
  const env = {
    GITHUB_REPOSITORY: `${fx.repo.owner}/${fx.repo.repo}`,
    GITHUB_API_URL: fx.emu.url,
    GITHUB_WORKSPACE: temp,
    GITHUB_RUN_ID: String(RUN_ID),
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RUNNER_TEMP: temp,
  };
  return { io, env, cwd: temp, fetch: globalThis.fetch, dossierStore: store };
}

const saved = () => store.load({ repository: `${fx.repo.owner}/${fx.repo.repo}`, pr: fx.pr });

describe('the role host', () => {
  test('writes the outputs, the run entry (one shape) and the summary with the policy section, and saves the dossier', async () => {
    const d = deps({ greeting: 'hi' });
    await runRole(greet, d);

    expect(d.io.outputs).toEqual({ greeting: 'hi', pr: String(fx.pr) });
    const summary = d.io.summary.join('');
    expect(summary).toContain(`## Greeting\n\nhi #${fx.pr}\n`);
    expect(summary).toContain('## Policy');
    expect(summary).not.toContain('Model calls');
    const dossier = await saved();
    expect(dossier!.readText('greeting.txt')).toBe(`hi #${fx.pr}`);
    expect(dossier!.manifest.runs).toEqual([
      { role: 'greet', runId: RUN_ID, attempt: 2, sha: fx.headSha, at: expect.any(String), status: 'success' },
    ]);
    expect(d.io.masks).toContain('ghs_bot');
  });

  test('a role that fails has its dossier saved with a failure entry, and the one wrapper reports it once', async () => {
    const d = deps({ fail: 'true' });
    await runAction(greet.name, () => runRole(greet, d), d.io);

    expect(d.io.failed).toEqual([expect.stringMatching(/^greet failed \([a-z-]+\): the greeting went wrong$/)]);
    expect(d.io.outputs).toEqual({});
    const dossier = await saved();
    expect(dossier!.readText('greeting.txt')).toBe(`hello #${fx.pr}`);
    expect(dossier!.manifest.runs).toEqual([expect.objectContaining({ role: 'greet', runId: RUN_ID, attempt: 2, status: 'failure' })]);
  });

  test("two jobs side by side (review and security-scan): the later save keeps the earlier one's files and run entry", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loaded!: () => void;
    const started = new Promise<void>((resolve) => (loaded = resolve));
    const side = (name: string, wait: boolean) =>
      defineRole({
        name,
        inputs: flowInputsSchema,
        needs: { pull: true },
        async run({ dossier }) {
          dossier.writeText(`${name}.txt`, name);
          dossier.writeText('shared.txt', `written by ${name}`);
          if (wait) {
            loaded();
            await gate;
          }
          return { outputs: {}, summary: '', record: { status: 'success' } };
        },
      });
    // The slow job loads first, the quick one loads, saves and finishes while the slow one still works.
    const slow = runRole(side('slow', true), deps({}));
    await started;
    await runRole(side('quick', false), deps({}));
    release();
    await slow;
    const dossier = await saved();
    expect(dossier!.readText('quick.txt')).toBe('quick');
    expect(dossier!.readText('slow.txt')).toBe('slow');
    expect(dossier!.readText('shared.txt')).toBe('written by slow');
    expect(dossier!.manifest.runs.map((r) => r.role)).toEqual(['quick', 'slow']);
  });

  test('no run entry (frozen before any work): outputs and summary, nothing saved', async () => {
    const d = deps({ frozen: 'true' });
    await runRole(greet, d);
    expect(d.io.outputs).toMatchObject({ greeting: 'hello' });
    expect(d.io.summary.join('')).toContain('## Greeting');
    expect(await saved()).toBeNull();
  });

  test('a bad input fails before any API call', async () => {
    const d = deps({ fail: 'maybe' });
    const before = fx.emu.requests.length;
    await expect(runRole(greet, d)).rejects.toThrow("input 'fail'");
    expect(fx.emu.requests.length).toBe(before);
  });

  test('a role without a pull gets the action context only, and names the policy it read', async () => {
    const whoami = defineRole({
      name: 'whoami',
      inputs: z.object({ 'github-token': z.string().optional() }),
      needs: {},
      async run({ octokit, repo, log }) {
        const { data } = await octokit.rest.repos.get(repo);
        log.info(`default branch ${data.default_branch}`);
        return { outputs: { 'default-branch': data.default_branch }, summary: '## Who\n\nme\n', policy: { source: null, notices: [] } };
      },
    });
    const d = deps({});
    await runRole(whoami, d);
    expect(d.io.outputs).toEqual({ 'default-branch': 'main' });
    expect(d.io.summary.join('')).toContain('No policy file; the defaults apply.');
    expect(fx.emu.requests.map((r) => r.operationId)).not.toContain('pulls/get');
  });

  test('needs are checked when the role is declared', () => {
    expect(() => defineRole({ name: 'x', inputs: z.object({}), needs: { sandbox: true }, run: async () => ({ outputs: {}, summary: '' }) })).toThrow(
      'needs.pull',
    );
    expect(() => defineRole({ name: 'x', inputs: z.object({}), needs: { pull: true }, run: async () => ({ outputs: {}, summary: '' }) })).toThrow(
      '`pr` input',
    );
    expect(() =>
      defineRole({ name: 'x', inputs: flowInputsSchema, needs: { pull: true, model: true }, run: async () => ({ outputs: {}, summary: '' }) }),
    ).toThrow('ask a model');
  });
});
