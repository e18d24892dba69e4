/** run() of the model-proxy action in this process, with the bundle from dist/ as the proxy process. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOpenAIEmulator, type OpenAIEmulator } from '@eternia/testkit';
import { memoryIO } from '../../../packages/core/test/memory-io.js';
import { run, type ModelProxyActionDeps } from '../src/main.js';
import { isAlive, type Privilege } from '../src/privilege.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundlePath = path.join(repoRoot, 'dist/model-proxy/index.js');
const KEY = 'sk-model-proxy-run-real-key-7';
let emu: OpenAIEmulator;
let workspace: string;

beforeAll(async () => {
  if (!existsSync(bundlePath)) throw new Error('dist/model-proxy/index.js is missing: run `npm run build` first');
  emu = await startOpenAIEmulator({ apiKey: KEY });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'model-proxy-run-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(workspace, { recursive: true, force: true });
});

function deps(inputs: Record<string, string>, privilege: Privilege) {
  const io = memoryIO({ inputs: { 'openai-api-key': KEY, 'openai-base-url': emu.url, ...inputs } });
  const saved = new Map<string, string>();
  const d: ModelProxyActionDeps = {
    io,
    env: { GITHUB_WORKSPACE: workspace },
    cwd: workspace,
    state: { get: (name) => saved.get(name) ?? '', save: (name, value) => void saved.set(name, value) },
    bundlePath,
    nodePath: process.execPath,
    detectPrivilege: () => privilege,
  };
  return { io, saved, deps: d };
}

function uidOf(pid: number): number | undefined {
  try {
    return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

describe('model-proxy run()', () => {
  test('without root or sudo the proxy runs as the job user, the step warns and the summary says it is not isolated; post stops it', async () => {
    emu.script({ match: { user: 'unisolated' }, reply: 'still proxied' });
    const { io, saved, deps: d } = deps({}, 'none');
    await run(d);
    expect(io.outputs['proxy-user']).toBe('');
    expect(io.masks).toEqual(expect.arrayContaining([KEY, io.outputs['access-token']]));
    expect(
      io.logs
        .filter((l) => l.level === 'warning')
        .map((l) => l.message)
        .join('\n'),
    ).toMatch(/runs as the job's own user/);
    expect(io.summary.join('\n')).toMatch(/\*\*Not isolated:\*\*/);
    const pid = Number(saved.get('pid'));
    expect(uidOf(pid)).toBe(process.getuid!());
    expect(existsSync(saved.get('staged-dir')!)).toBe(true);

    const answer = await fetch(`${io.outputs['base-url']}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${io.outputs['access-token']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'unisolated' }] }),
    });
    expect(((await answer.json()) as any).choices[0].message.content).toBe('still proxied');

    await run(d);
    expect(io.summary.at(-1)).toMatch(/Stopped \(pid \d+\)\. Spent through it in this job: \d+ tokens/);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(saved.get('staged-dir')!)).toBe(false);
  });

  test('budget caps come from the policy file; a bad one is a configuration error naming the key, and nothing is started', async () => {
    mkdirSync(path.join(workspace, '.github'), { recursive: true });
    writeFileSync(path.join(workspace, '.github/agents.yml'), 'budget:\n  max-tokens: -1\n');
    const { saved, deps: d } = deps({}, 'none');
    await expect(run(d)).rejects.toThrow(/max-tokens/);
    expect(saved.get('pid')).toBeUndefined();
    rmSync(path.join(workspace, '.github'), { recursive: true });
  });

  test('a user name that is not one is refused before anything is created', async () => {
    const { deps: d } = deps({ user: 'root; rm -rf /' }, 'root');
    await expect(run(d)).rejects.toThrow(/input 'user'/);
  });

  test('a base URL with credentials in it is refused as a configuration error naming the input', async () => {
    const { deps: d } = deps({ 'openai-base-url': 'https://user:sk-inline@api.example.com/v1' }, 'none');
    await expect(run(d)).rejects.toThrow(/input 'openai-base-url'/);
  });

  test('post after a main that started nothing says so', async () => {
    const { io, saved, deps: d } = deps({}, 'none');
    saved.set('isPost', 'true');
    await run(d);
    expect(io.logs.map((l) => l.message)).toContain('no model proxy was started by this step; nothing to stop');
  });
});
