import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessOutcome } from '../src/index.js';
import type { HarnessRequest } from './sandbox-harness.js';

/** The sandbox needs root (directly here and in CI, or sudo on a hosted runner). */
export const IS_ROOT = process.getuid?.() === 0;
export const ROOT_SKIP_REASON = 'skipped: the os-user sandbox tests need root (CI and the dev container run as root)';
if (!IS_ROOT) process.stderr.write(`${ROOT_SKIP_REASON}\n`);

/** Values shaped like the real ones, placed in the environment block of the harness process. */
export const FAKE_SECRETS = {
  'INPUT_GITHUB-TOKEN': 'ghs_FAKESECRETgithubtoken0123456789abcd',
  'INPUT_OPENAI-API-KEY': 'sk-FAKESECRETopenai0123456789abcdef',
  ACTIONS_RUNTIME_TOKEN: 'FAKESECRETruntime.eyJhbGciOiJIUzI1NiJ9',
};
export const SECRET_MARK = 'FAKESECRET';

/** The attack in one node program, so the same code runs sandboxed and plain. */
export const READ_ENVIRONS = `
const fs = require('fs');
const pids = new Set(fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)));
pids.add(String(process.ppid));
pids.add(process.env.HARNESS_PID);
const leaked = [];
for (const pid of pids) {
  try { if (fs.readFileSync('/proc/' + pid + '/environ', 'latin1').includes(${JSON.stringify(SECRET_MARK)})) leaked.push(pid); } catch {}
}
console.log('LEAKED=' + JSON.stringify(leaked) + ' TRIED=' + pids.size);
`;

const HARNESS = fileURLToPath(new URL('./sandbox-harness.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface HarnessResult {
  describe: string;
  outcome: ProcessOutcome;
}

/** Runs one command through the harness, a separate process whose environment holds FAKE_SECRETS. */
export function viaHarness(request: HarnessRequest, asUser?: string): Promise<HarnessResult> {
  const node = [process.execPath, '--import', 'tsx', HARNESS, JSON.stringify(request)];
  // As another (non-root) job user: the way a hosted runner's job runs, with sudo.
  const argv = asUser ? ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--init-groups', '--', ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', ...FAKE_SECRETS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as HarnessResult);
      } catch {
        reject(new Error(`harness exited ${code}: ${err || out}`));
      }
    });
  });
}

/**
 * A workspace as the job has it: `<outer>/ws` with a `.git`, where `<outer>` (mode 0700, as mkdtemp
 * makes it) also holds files of the job the code must not touch.
 */
export async function jobTree(): Promise<{ outer: string; ws: string; cleanup: () => Promise<void> }> {
  const outer = await mkdtemp(path.join(os.tmpdir(), 'eternia-sandbox-test-'));
  const ws = path.join(outer, 'ws');
  await mkdir(path.join(ws, '.git', 'hooks'), { recursive: true });
  await writeFile(path.join(ws, '.git', 'config'), '[core]\n\tbare = false\n');
  await writeFile(path.join(ws, 'README.md'), 'hello\n');
  return { outer, ws, cleanup: () => rm(outer, { recursive: true, force: true }) };
}

export const NODE = process.execPath;
export const BASE_ENV = { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` };

/** Live processes (not zombies) whose command line contains `token`. */
export async function processesWith(token: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(token)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    if (stat && !/^\d+ \(.*\) Z/.test(stat)) found.push(Number(name));
  }
  return found;
}

/** Waits until `check` holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether another user (the sandbox's) can read `file`: every directory above it lets others through. */
export function othersCanRead(file: string): boolean {
  if ((statSync(file).mode & 0o004) === 0) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}
