/**
 * npm run bench:startup — for each bundled action, side by side with a bare `node -e 0` in the same loop (so
 * both see the same machine load): the bytes it loads at start and then through its first dynamic imports (the role
 * host and the role, loaded by startRole), and the time from process start to its first
 * HTTP request against the GitHub emulator (median of several runs). Target: ≤ 1.5× the bare node start.
 * A role that starts its first request before loading its code (startRole in its entry) reaches GitHub sooner than
 * it can read the answer: the time to its second request shows when its code had loaded and used the first answer.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAction, startGitHubEmulator, webhookPayload } from '@eternia/testkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 9);
/** Added before every emulator answer: a GitHub round trip, which on loopback is ~1 ms (0: none). */
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
const token = 'ghs_bench_token_00000000000000';
const target = 1.5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Inputs that carry each role to its first request: a PR number for flow roles, and publish's proposal kind. */
function inputsOf(name: string): Record<string, string> {
  if (name === 'supervisor') return {};
  return name === 'publish' ? { pr: '1', proposal: 'tests' } : { pr: '1' };
}

/** Spawn → first request of a bare `node -e "fetch(…)"`: the least any Node action pays to reach GitHub. */
async function bareFetch(emu: { url: string; requests: Array<{ token?: string; startedAt: number }> }): Promise<number | undefined> {
  const mark = emu.requests.length;
  const started = Date.now();
  const code = `fetch(${JSON.stringify(`${emu.url}/repos/acme/shop`)}, { headers: { authorization: 'token ${token}' } }).then((r) => r.text())`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  const first = emu.requests.slice(mark).find((r) => r.token === token);
  return first ? first.startedAt - started : undefined;
}

/** Spawn → exit of `node -e 0`: what any action pays before its first line runs. */
function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(Date.now() - started));
  });
}

/** The parts of scripts/build-dist.mjs this bench uses. */
interface BuildDistModule {
  buildDist(options: { outDir: string }): Promise<{ metafile: unknown }>;
  loadProfile(metafile: unknown, entryFile: string): { startBytes: number; nextBytes: number };
}

async function main(): Promise<void> {
  // Bytes loaded at start come from the build's own module graph, in a scratch build (the bytes of dist/ when check-dist passes).
  const build = (await import(pathToFileURL(path.join(root, 'scripts/build-dist.mjs')).href)) as BuildDistModule;
  const scratch = await mkdtemp(path.join(tmpdir(), 'bench-startup-dist-'));
  const { metafile } = await build.buildDist({ outDir: scratch }).finally(() => rm(scratch, { recursive: true, force: true }));
  const emu = await startGitHubEmulator();
  emu.addToken(token, 'github-actions[bot]', { type: 'Bot' });
  if (latencyMs > 0) emu.faults.add({ delayMs: latencyMs, times: Infinity });
  await emu.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
  await emu.createLabel({ owner: 'acme', repo: 'shop', name: 'agent:ready' });
  const ws = await mkdtemp(path.join(tmpdir(), 'bench-startup-'));
  const actions = readdirSync(path.join(root, 'actions'))
    .filter((name) => existsSync(path.join(root, 'actions', name, 'action.yml')) && existsSync(path.join(root, 'dist', name, 'index.js')))
    .filter((name) => name !== 'root' && name !== 'model-proxy') // root is measured below; model-proxy's first request goes to the model, not GitHub
    .sort()
    .map((name) => ({
      label: name,
      dir: path.join(root, 'actions', name),
      inputs: inputsOf(name),
      bundles: [name],
    }));
  // The root action hands over to a role's bundle (an import its build cannot see): measure it running the supervisor.
  actions.push({ label: 'root (step: supervisor)', dir: root, bundles: ['root', 'supervisor'], inputs: { step: 'supervisor' } });
  const bare: number[] = [];
  const fetchOnly: number[] = [];
  const firstRequest = new Map<string, number[]>(actions.map((a) => [a.label, []]));
  const secondRequest = new Map<string, number[]>(actions.map((a) => [a.label, []]));
  try {
    for (let i = 0; i < runs; i++) {
      bare.push(await bareNode());
      const fetched = await bareFetch(emu);
      if (fetched !== undefined) fetchOnly.push(fetched);
      for (const action of actions) {
        const mark = emu.requests.length;
        // Every role accepts a schedule/dispatch start; flow roles get a PR number (the first request reads it).
        const run = await runAction({
          actionDir: action.dir,
          event: { name: 'schedule', payload: webhookPayload('schedule') },
          repository: 'acme/shop',
          apiUrl: emu.url,
          workspace: ws,
          token,
          inputs: action.inputs,
          env: { DOSSIER_DIR: path.join(ws, 'dossier') },
          timeoutMs: 30_000,
        });
        const [first, second] = emu.requests.slice(mark).filter((r) => r.token === token);
        if (first) firstRequest.get(action.label)!.push(first.startedAt - run.startedAt);
        if (second) secondRequest.get(action.label)!.push(second.startedAt - run.startedAt);
      }
    }
  } finally {
    await emu.close();
    await rm(ws, { recursive: true, force: true });
  }
  const baseline = median(bare);
  const rows = [
    ['bare `node -e 0` (spawn → exit)', '-', `${baseline.toFixed(0)} ms`, '1.00×', `${Math.min(...bare)}–${Math.max(...bare)} ms`, '-'],
    [
      'bare `node -e "fetch(…)"` (spawn → request)',
      '-',
      `${median(fetchOnly).toFixed(0)} ms`,
      `${(median(fetchOnly) / baseline).toFixed(2)}×`,
      `${Math.min(...fetchOnly)}–${Math.max(...fetchOnly)} ms`,
      '-',
    ],
  ];
  let worst = 0;
  for (const action of actions) {
    const times = firstRequest.get(action.label)!;
    const seconds = secondRequest.get(action.label)!;
    const profiles = action.bundles.map((bundle) => build.loadProfile(metafile, `${bundle}/index.js`));
    const kib = (key: 'startBytes' | 'nextBytes') => (profiles.reduce((sum, profile) => sum + profile[key], 0) / 1024).toFixed(0);
    const ratio = times.length ? median(times) / baseline : Number.NaN;
    if (times.length) worst = Math.max(worst, ratio);
    rows.push([
      action.label,
      `${kib('startBytes')} + ${kib('nextBytes')} KiB`,
      times.length ? `${median(times).toFixed(0)} ms` : 'no request',
      times.length ? `${ratio.toFixed(2)}×` : '-',
      times.length ? `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms` : '-',
      seconds.length ? `${median(seconds).toFixed(0)} ms (${(median(seconds) / baseline).toFixed(2)}×)` : '-',
    ]);
  }
  const header = ['process', 'loaded at start + next', 'start → first request (median)', 'vs bare node', 'range', 'start → 2nd request (median)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  const latency = latencyMs > 0 ? `, ${latencyMs} ms added to every GitHub answer` : '';
  console.log(`node ${process.version}, ${runs} runs each, interleaved${latency}; target ≤ ${target}× bare node`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of rows) console.log(line(row));
  console.log(worst <= target ? `all within ${target}×` : `over target: worst ${worst.toFixed(2)}×`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
