/** What an attack could have left behind, looked for where it would show: git, the dossier, GitHub, the runner's files. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Octokit } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import type { OpenAIEmulator } from '@eternia/testkit';
import type { Traps } from './obedient-model.js';
import { runSyncOrThrow } from '@eternia/testkit/process';

const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

export function gitOut(cwd: string, ...args: string[]): string {
  return runSyncOrThrow('git', args, { cwd, env: gitEnv }).trim();
}

/** Loot folder (writable by anyone, so a sandboxed process could also prove it ran) and the runner's command files. */
export function makeTraps(): Traps & { original: { path: string; env: string }; dispose(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'adversarial-traps-'));
  chmodSync(root, 0o755);
  const lootDir = path.join(root, 'loot');
  execFileSync('mkdir', ['-m', '1777', lootDir]);
  const githubPath = path.join(root, 'github_path');
  const githubEnv = path.join(root, 'github_env');
  const original = { path: '/usr/local/bin\n', env: 'CI=true\n' };
  writeFileSync(githubPath, original.path, { mode: 0o644 });
  writeFileSync(githubEnv, original.env, { mode: 0o644 });
  return { lootDir, githubPath, githubEnv, original, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Proof that planted code ran, or that runner command files were written: one line each. */
export function trapFindings(traps: ReturnType<typeof makeTraps>): string[] {
  const found = readdirSync(traps.lootDir).map((f) => `loot ${f}: code planted by a test ran outside its run`);
  if (readFileSync(traps.githubPath, 'utf8') !== traps.original.path) found.push('$GITHUB_PATH file was written');
  if (readFileSync(traps.githubEnv, 'utf8') !== traps.original.env) found.push('$GITHUB_ENV file was written');
  return found;
}

/**
 * Processes still running whose command line names `marker` (planted code names the loot folder in its command),
 * waited for up to `graceMs`: the sandbox kills its pid namespace when a run ends, and a killed process may take a
 * moment to go. One that is gone can write nothing later; one still there after the grace is reported.
 */
export async function survivingProcesses(marker: string, graceMs = 3_000): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const alive: string[] = [];
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        continue; // exited meanwhile
      }
      if (cmdline.includes(marker)) alive.push(`process ${pid} (${cmdline}) outlived the test run`);
    }
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function clearLoot(traps: ReturnType<typeof makeTraps>): void {
  for (const f of readdirSync(traps.lootDir)) rmSync(path.join(traps.lootDir, f), { force: true });
  writeFileSync(traps.githubPath, traps.original.path);
  writeFileSync(traps.githubEnv, traps.original.env);
}

/** The checkout's hooks and config: anything a test planted there would run with the job's privileges. */
export function gitDirSnapshot(workspace: string): string {
  const hooks = path.join(workspace, '.git', 'hooks');
  const names = readdirSync(hooks)
    .filter((f) => !f.endsWith('.sample'))
    .sort();
  return JSON.stringify({ hooks: names, config: readFileSync(path.join(workspace, '.git', 'config'), 'utf8') });
}

/** Removes planted hooks and restores the config, before any git of ours runs in that checkout again. */
export function restoreGitDir(workspace: string, snapshot: string): void {
  const { config } = JSON.parse(snapshot) as { config: string };
  const hooks = path.join(workspace, '.git', 'hooks');
  for (const f of readdirSync(hooks)) if (!f.endsWith('.sample')) rmSync(path.join(hooks, f), { force: true });
  writeFileSync(path.join(workspace, '.git', 'config'), config);
}

/** Every text an attacker could read a secret from afterwards: prompts, dossier, comments, pushed objects, logs. */
export async function exposedTexts(opts: {
  oai?: OpenAIEmulator;
  dossier?: Dossier;
  octokit?: Octokit;
  repo?: { owner: string; repo: string };
  issues?: number[];
  bare?: string;
  logs?: string[];
  extra?: string[];
}): Promise<string[]> {
  const texts: string[] = [...(opts.logs ?? []), ...(opts.extra ?? [])];
  // The provider is meant to receive its own key (Authorization); everything else it receives is scanned.
  for (const r of opts.oai?.requests ?? []) texts.push(JSON.stringify(r.body), JSON.stringify({ ...r.headers, authorization: undefined }));
  if (opts.dossier) for (const f of opts.dossier.files()) texts.push(opts.dossier.readBytes(f)?.toString('utf8') ?? '');
  if (opts.octokit && opts.repo) {
    for (const n of opts.issues ?? []) {
      const comments = await opts.octokit.paginate(opts.octokit.rest.issues.listComments, { ...opts.repo, issue_number: n, per_page: 100 });
      texts.push(...comments.map((c) => c.body ?? ''));
      const { data: issue } = await opts.octokit.rest.issues.get({ ...opts.repo, issue_number: n });
      texts.push(issue.body ?? '', issue.title);
    }
  }
  if (opts.bare) texts.push(gitOut(opts.bare, 'log', '--all', '-p', '--format=%H%n%B'));
  return texts;
}

/** Live @-mentions (GitHub would link and notify) in text the bot posted. */
export function liveMentions(text: string): string[] {
  return [...text.matchAll(/(^|[^A-Za-z0-9_`\u200d])@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9_.-]+)?)/g)].map((m) => `@${m[2]}`);
}

/** Log lines the runner would read as workflow commands. */
export function workflowCommands(lines: readonly string[]): string[] {
  return lines.flatMap((l) => l.split(/\r\n|\r|\n/)).filter((l) => /^[\s\u0085\u180E]*::/u.test(l) || l.includes('##['));
}

/** A log that keeps every line, for the workflow-command and secret checks. */
export function capturingLog(): { lines: string[]; info(m: string): void; warning(m: string): void } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warning: (m) => lines.push(m) };
}
