/**
 * npm run bench:startup — for each bundled action: bundle size, and the time from process start to its first
 * HTTP request against the GitHub emulator (median of several runs). Target: under 300 ms.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, startGitHubEmulator, webhookPayload } from '@eternia/testkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const token = 'ghs_bench_token_00000000000000';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  const emu = await startGitHubEmulator();
  emu.addToken(token, 'github-actions[bot]', { type: 'Bot' });
  await emu.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
  await emu.createLabel({ owner: 'acme', repo: 'shop', name: 'agent:ready' });
  const ws = await mkdtemp(path.join(tmpdir(), 'bench-startup-'));
  const actions = readdirSync(path.join(root, 'actions'))
    .filter((name) => existsSync(path.join(root, 'actions', name, 'action.yml')) && existsSync(path.join(root, 'dist', name, 'index.js')))
    .sort()
    .map((name) => ({ label: name, dir: path.join(root, 'actions', name), bundle: name, inputs: (name === 'supervisor' ? {} : { pr: '1' }) as Record<string, string> }));
  // The root action hands over to a role's bundle: measure it running the supervisor.
  actions.push({ label: 'root (step: supervisor)', dir: root, bundle: 'root', inputs: { step: 'supervisor' } });
  const rows: string[][] = [];
  try {
    for (const action of actions) {
      const folder = path.join(root, 'dist', action.bundle);
      const size = statSync(path.join(folder, 'index.js')).size;
      // Chunks load only when needed (the model SDK on the first model call, the artifact client on a dossier upload).
      const chunks = readdirSync(folder).filter((f) => /^\d+\.index\.js$/.test(f)).reduce((n, f) => n + statSync(path.join(folder, f)).size, 0);
      const firstRequest: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < runs; i++) {
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
        total.push(run.durationMs);
        const first = emu.requests.slice(mark).find((r) => r.token === token);
        if (first) firstRequest.push(first.startedAt - run.startedAt);
      }
      rows.push([
        action.label,
        `${(size / 1024).toFixed(0)} KiB`,
        chunks ? `${(chunks / 1024).toFixed(0)} KiB` : '-',
        firstRequest.length ? `${median(firstRequest).toFixed(0)} ms` : 'no request',
        firstRequest.length ? `${Math.min(...firstRequest).toFixed(0)}–${Math.max(...firstRequest).toFixed(0)} ms` : '-',
        `${median(total).toFixed(0)} ms`,
      ]);
    }
  } finally {
    await emu.close();
    await rm(ws, { recursive: true, force: true });
  }
  const header = ['action', 'bundle', 'lazy chunks', 'start → first request (median)', 'range', 'whole run (median)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`node ${process.version}, ${runs} runs each, target < 300 ms to the first request`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
