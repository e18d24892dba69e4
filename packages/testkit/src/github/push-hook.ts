import { rmSync, writeFileSync } from 'node:fs';
import { appendFile, chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** One ref update pushed into a repository (git push into the bare repo, or a ref write through the API). */
export interface PushEvent {
  owner: string;
  repo: string;
  /** Full ref name, e.g. refs/heads/main. */
  ref: string;
  /** Previous sha; ZERO_SHA when the ref is created. */
  before: string;
  /** New sha; ZERO_SHA when the ref is deleted. */
  after: string;
  /** Login of the pusher: the token's user for API writes; for git pushes `git push -o pusher=<login>` or GITHUB_EMULATOR_PUSHER. */
  pusher?: string;
}

export type PushHandler = (push: PushEvent) => void | Promise<void>;

/** The internal route the post-receive hook reports to (outside the REST surface and its validation). */
export const PUSH_HOOK_ROUTE = /^\/_emulator\/hooks\/push\/([^/]+)\/([^/]+)$/;

export function pushHookUrl(api: string, owner: string, repo: string): string {
  return `${api}/_emulator/hooks/push/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/**
 * The hook body. It posts git's `old new ref` lines and waits for the answer, so handlers have run when
 * `git push` returns. It never fails: a post-receive hook cannot undo the push, and a closed emulator
 * must not break the test that pushed.
 */
const HOOK_SCRIPT = `'use strict';
const url = process.argv[2];
const options = [];
for (let i = 0; i < Number(process.env.GIT_PUSH_OPTION_COUNT || 0); i++) options.push(process.env['GIT_PUSH_OPTION_' + i] || '');
const option = options.find((o) => o.startsWith('pusher='));
const pusher = option ? option.slice('pusher='.length) : process.env.GITHUB_EMULATOR_PUSHER || undefined;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', async () => {
  // Nobody subscribed: say nothing. A test that pushes with a blocking child process (execFileSync) would
  // otherwise hold the emulator's event loop while this hook waits for it.
  if (!require('node:fs').existsSync(require('node:path').join(__dirname, 'emulator-listening'))) process.exit(0);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ updates: input, pusher }),
      signal: AbortSignal.timeout(30000),
    });
    const text = await res.text();
    if (!res.ok) process.stderr.write('github emulator: push hook answered ' + res.status + ': ' + text + '\\n');
    else for (const e of JSON.parse(text).errors || []) process.stderr.write('github emulator: push handler failed: ' + e + '\\n');
  } catch (e) {
    process.stderr.write('github emulator: push not reported (' + (e && e.message ? e.message : String(e)) + '); is the emulator closed?\\n');
  }
  process.exit(0);
});
`;

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Installs the post-receive hook in a bare repository. The repository's own config pins the hooks directory,
 * so a developer's core.hooksPath cannot divert it, and the wrapper clears NODE_OPTIONS inherited from the pusher
 * (a test runner's loader flags must not reach the hook's node).
 */
export async function installPushHook(bareDir: string, url: string): Promise<void> {
  const hooks = resolve(bareDir, 'hooks');
  const script = join(hooks, 'emulator-post-receive.cjs');
  await writeFile(script, HOOK_SCRIPT);
  const wrapper = [
    '#!/bin/sh',
    '# Installed by the GitHub emulator: reports pushed ref updates to it (push handlers, simulated CI).',
    // Most pushes have no subscriber: then no node process starts (one per push adds up over the test suite).
    `[ -e ${shQuote(join(hooks, 'emulator-listening'))} ] || { cat >/dev/null; exit 0; }`,
    `NODE_OPTIONS= ${shQuote(process.execPath)} ${shQuote(script)} ${shQuote(url)} || echo "github emulator: push hook could not run" >&2`,
    'exit 0',
    '',
  ].join('\n');
  const hook = join(hooks, 'post-receive');
  await writeFile(hook, wrapper);
  await chmod(hook, 0o755);
  // Written as `git config` would write them, without two git processes per repository; receive.advertisePushOptions
  // lets `git push -o pusher=<login>` name the pusher.
  await appendFile(join(bareDir, 'config'), `[core]\n\thooksPath = ${gitConfigQuote(hooks)}\n[receive]\n\tadvertisePushOptions = true\n`);
}

/** A git config value in double quotes: backslash and quote escaped, and a newline (which git cannot read back) refused. */
export function gitConfigQuote(value: string): string {
  if (/[\n\r\0]/.test(value)) throw new Error(`a git config value cannot hold a line break: ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The marker the hook looks for: present while push handlers are subscribed. Sync, so a push right after onPush sees it. */
export function setPushHookListening(bareDir: string, listening: boolean): void {
  const marker = join(resolve(bareDir, 'hooks'), 'emulator-listening');
  if (listening) writeFileSync(marker, '');
  else rmSync(marker, { force: true });
}

/** git's post-receive input: one `old new ref` line per updated ref. */
export function parsePushUpdates(text: string): Array<{ before: string; after: string; ref: string }> {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{40}) ([0-9a-f]{40}) (refs\/\S.*)$/.exec(line.trim());
    if (m) out.push({ before: m[1]!, after: m[2]!, ref: m[3]! });
  }
  return out;
}

/** Push subscribers; handlers run one after another so a test sees a deterministic order. */
export class PushHub {
  private readonly handlers = new Set<PushHandler>();

  /** `listening` is told when the hub gains its first handler or loses its last. */
  constructor(private readonly listening: (active: boolean) => void = () => {}) {}

  get active(): boolean {
    return this.handlers.size > 0;
  }

  on(handler: PushHandler): () => void {
    if (typeof handler !== 'function') throw new Error('onPush: handler must be a function');
    // A wrapper, so the same function subscribed twice gets two independent subscriptions.
    const entry: PushHandler = (p) => handler(p);
    this.handlers.add(entry);
    if (this.handlers.size === 1) this.listening(true);
    return () => {
      if (this.handlers.delete(entry) && this.handlers.size === 0) this.listening(false);
    };
  }

  /** Runs every handler; returns the failures (one handler failing does not stop the others). */
  async emit(push: PushEvent): Promise<Array<{ error: unknown }>> {
    const failures = [];
    for (const h of [...this.handlers]) {
      try {
        await h({ ...push });
      } catch (error) {
        failures.push({ error });
      }
    }
    return failures;
  }
}
