/**
 * The bundled model-proxy action (dist/model-proxy, built by scripts/build-dist.mjs) in a job run by the
 * job-graph runner: main starts the proxy as another user, a later step talks to it with the access
 * token only, and the post at the end of the job stops it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOpenAIEmulator, type OpenAIEmulator } from '@eternia/testkit';
import { runWorkflow, type WorkflowRun } from '@eternia/testkit';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const KEY = 'sk-model-proxy-action-real-key-42';

/** Run by a later step of the job: talks to the proxy and looks at its process from the outside. */
const PROBE = `
import { readFileSync, readdirSync } from 'node:fs';
const { BASE_URL, ACCESS, KEY_TO_FIND } = process.env;
const ask = (auth) => fetch(BASE_URL + '/chat/completions', {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
  body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'via the job' }] }),
});
const first = await ask('Bearer ' + ACCESS);
const answer = await first.json();
const second = await ask('Bearer ' + ACCESS);
const noToken = await ask(undefined);
const pids = readdirSync('/proc').filter((name) => /^\\d+$/.test(name)).filter((pid) => {
  try { return readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('--serve') && readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('eternia-model-proxy-'); } catch { return false; }
});
const processes = pids.map((pid) => ({
  pid: Number(pid),
  uid: Number(/^Uid:\\s+(\\d+)/m.exec(readFileSync('/proc/' + pid + '/status', 'utf8'))[1]),
  environ: readFileSync('/proc/' + pid + '/environ', 'utf8').split('\\0').filter(Boolean).map((entry) => entry.split('=')[0]),
  keyInEnviron: readFileSync('/proc/' + pid + '/environ', 'utf8').includes(KEY_TO_FIND),
  keyInCmdline: readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes(KEY_TO_FIND),
}));
console.log('PROBE ' + JSON.stringify({
  firstStatus: first.status, content: answer.choices?.[0]?.message?.content,
  secondStatus: second.status, secondError: (await second.json()).error?.message,
  noTokenStatus: noToken.status, myUid: process.getuid(), processes,
}));
`;

const workflow = (emuUrl: string, probe: string) => `
on: workflow_dispatch
jobs:
  model:
    runs-on: ubuntu-latest
    steps:
      - name: Policy
        run: |
          mkdir -p .github
          printf 'budget:\\n  max-tokens: 1000\\n' > .github/agents.yml
      - id: proxy
        name: Model proxy
        uses: eternia/agents/actions/model-proxy@v1
        with:
          openai-api-key: \${{ secrets.OPENAI_API_KEY }}
          openai-base-url: ${emuUrl}
      - id: use
        env:
          BASE_URL: \${{ steps.proxy.outputs.base-url }}
          ACCESS: \${{ steps.proxy.outputs.access-token }}
          KEY_TO_FIND: \${{ secrets.OPENAI_API_KEY }}
        run: node ${probe}
`;

interface Probe {
  firstStatus: number;
  content: string;
  secondStatus: number;
  secondError: string;
  noTokenStatus: number;
  myUid: number;
  processes: Array<{ pid: number; uid: number; environ: string[]; keyInEnviron: boolean; keyInCmdline: boolean }>;
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

let emu: OpenAIEmulator;
let root: string;
let run: WorkflowRun;
let probe: Probe;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist/model-proxy/index.js')))
    throw new Error('dist/model-proxy/index.js is missing: run `npm run build` first');
  emu = await startOpenAIEmulator({ apiKey: KEY });
  emu.script({ match: { user: 'via the job' }, reply: 'hello from the job', usage: { prompt_tokens: 600, completion_tokens: 500 } });
  root = mkdtempSync(path.join(os.tmpdir(), 'model-proxy-action-'));
  // The probe runs as the job's user; the workflow's folder is only where the runner reads the file from.
  const probeFile = path.join(root, 'probe.mjs');
  writeFileSync(probeFile, PROBE);
  mkdirSync(path.join(root, 'repo/.github/workflows'), { recursive: true });
  mkdirSync(path.join(root, 'work'));
  writeFileSync(path.join(root, 'repo/.github/workflows/proxy.yml'), workflow(emu.url, probeFile));
  run = await runWorkflow({
    workflowFile: path.join(root, 'repo/.github/workflows/proxy.yml'),
    repoRoot: path.join(root, 'repo'),
    libraryRoot: repoRoot,
    libraryRepository: 'eternia/agents',
    event: { name: 'workflow_dispatch', payload: {} },
    repository: 'acme/app',
    apiUrl: 'http://127.0.0.1:9',
    gitRemote: path.join(root, 'none.git'),
    token: 'ghs_model_proxy_job_token',
    secrets: { OPENAI_API_KEY: KEY },
    artifactsDir: path.join(root, 'artifacts'),
    workDir: path.join(root, 'work'),
  });
  const line = run.jobs[0]?.steps
    .find((s) => s.name === 'Run node ' + probeFile || s.stdout.includes('PROBE '))
    ?.stdout.split('\n')
    .find((l) => l.startsWith('PROBE '));
  probe = JSON.parse(line?.slice('PROBE '.length) ?? 'null') as Probe;
}, 120_000);

afterAll(async () => {
  await emu?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the bundled model-proxy action in a job', () => {
  test('main starts the proxy, a later step of the job calls the model through it with the access token, post stops it', () => {
    const job = run.jobs[0]!;
    expect(job.steps.map((s) => `${s.name}:${s.conclusion}${s.error ? ` ${s.error}` : ''}`)).toEqual([
      'Policy:success',
      'Model proxy:success',
      expect.stringMatching(/^Run node .*probe\.mjs:success$/),
      'Post Model proxy:success',
    ]);
    const outputs = job.steps[1]!.outputs;
    expect(outputs['base-url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(outputs['access-token']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(outputs['proxy-user']).toBe('eternia-proxy');
    expect(probe).toMatchObject({ firstStatus: 200, content: 'hello from the job', noTokenStatus: 401, secondStatus: 429 });
    // The policy file's budget.max-tokens is the cap: 1100 tokens were spent by the first call.
    expect(probe.secondError).toMatch(/budget\.max-tokens \(1000\) is reached/);
    const calls = emu.requests.filter((r) => JSON.stringify(r.body).includes('via the job'));
    expect(calls.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`]);
    expect(job.steps[3]!.summary).toMatch(/Stopped \(pid \d+\)\. Spent through it in this job: 1100 tokens/);
  });

  test('the proxy runs as another user, holds the key in neither its environment nor its argv, and is gone after post', () => {
    expect(probe.processes).toHaveLength(1);
    const [proxy] = probe.processes;
    expect(proxy!.uid).not.toBe(probe.myUid);
    expect(proxy!.uid).toBe(Number(execFileSync('id', ['-u', 'eternia-proxy'], { encoding: 'utf8' }).trim()));
    expect(proxy!.keyInEnviron).toBe(false);
    expect(proxy!.keyInCmdline).toBe(false);
    expect(proxy!.environ.sort()).toEqual(['LANG', 'PATH']);
    expect(running(proxy!.pid)).toBe(false);
  });

  test('the key shows in no step output, log or summary', () => {
    for (const step of run.jobs[0]!.steps) {
      for (const text of [step.stdout, step.stderr, step.summary, JSON.stringify(step.outputs)]) expect(text).not.toContain(KEY);
    }
  });
});
