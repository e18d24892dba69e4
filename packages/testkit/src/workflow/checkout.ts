/**
 * actions/checkout emulated with git: the caller's repository comes from the emulator's bare repo
 * (gitRemote, also set as origin), the library's from its checkout. ref, fetch-depth, path and clean
 * are honoured; sparse-checkout, lfs and submodules are accepted and ignored (a full checkout).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError } from '@eternia/core';
import type { StepFrame } from './run-context.js';

const exec = promisify(execFile);

export async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await exec('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`git ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`, { cause: error });
  }
}

function fetchUrl(remote: string): string {
  // A plain local path makes git ignore --depth; file:// keeps shallow fetches shallow.
  return isAbsolute(remote) ? `file://${remote}` : remote;
}

type Target = { kind: 'branch' | 'tag' | 'other'; name: string; ref: string } | { kind: 'sha'; sha: string };

async function classify(ref: string, url: string, cwd: string): Promise<Target> {
  if (/^[0-9a-f]{40}$/i.test(ref)) return { kind: 'sha', sha: ref };
  if (ref.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice(11), ref };
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice(10), ref };
  if (ref.startsWith('refs/')) return { kind: 'other', name: ref.slice(5), ref };
  const listed = await git(['ls-remote', url, `refs/heads/${ref}`, `refs/tags/${ref}`], cwd);
  if (listed.includes(`refs/heads/${ref}`)) return { kind: 'branch', name: ref, ref: `refs/heads/${ref}` };
  if (listed.includes(`refs/tags/${ref}`)) return { kind: 'tag', name: ref, ref: `refs/tags/${ref}` };
  throw new ConfigurationError(`A branch or tag with the name '${ref}' could not be found`, 'actions/checkout ref');
}

export async function emulateCheckout(frame: StepFrame, inputs: Record<string, string>): Promise<Record<string, string>> {
  const { opts } = frame.job.run;
  const github = frame.job.contexts.github as Record<string, string>;
  const repository = inputs.repository || opts.repository;
  const dest = resolve(frame.job.workspace, inputs.path ?? '');
  if (relative(frame.job.workspace, dest).startsWith('..'))
    throw new ConfigurationError(`path '${inputs.path}' is outside the workspace`, 'actions/checkout');
  if (inputs.clean !== 'false') rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  if (inputs['sparse-checkout']) frame.job.run.log(`  actions/checkout: sparse-checkout ignored, full checkout of ${repository}`);

  if (repository.toLowerCase() === opts.libraryRepository.toLowerCase() && repository.toLowerCase() !== opts.repository.toLowerCase()) {
    // The library as it is on disk: the same tree `$/` and `<library>/…@ref` resolve to.
    cpSync(opts.libraryRoot, dest, { recursive: true, filter: (src) => !/[\\/](\.git|node_modules)$/.test(src) });
    return { ref: inputs.ref ?? '', commit: inputs.ref && /^[0-9a-f]{40}$/i.test(inputs.ref) ? inputs.ref : '' };
  }
  if (repository.toLowerCase() !== opts.repository.toLowerCase()) {
    throw new ConfigurationError(
      `checkout of '${repository}' is not emulated (only '${opts.repository}' from gitRemote and '${opts.libraryRepository}')`,
      'actions/checkout repository',
    );
  }
  if (readdirSync(dest).length > 0)
    throw new ConfigurationError(`'${dest}' is not empty (clean: false on an existing directory is not emulated)`, 'actions/checkout');

  const url = fetchUrl(opts.gitRemote);
  const depth = inputs['fetch-depth'] === undefined || inputs['fetch-depth'] === '' ? 1 : Number(inputs['fetch-depth']);
  if (Number.isNaN(depth) || depth < 0)
    throw new ConfigurationError(`fetch-depth '${inputs['fetch-depth']}' is not a number >= 0`, 'actions/checkout');
  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  await git(['init', '-q', dest], dest);
  await git(['remote', 'add', 'origin', opts.gitRemote], dest);
  await git(['config', '--local', 'gc.auto', '0'], dest);
  // Without ref, the event's ref at the event's commit, as actions/checkout does for the workflow's own repository.
  const wanted = inputs.ref || github.ref || '';
  const pinnedSha = inputs.ref ? undefined : github.sha || undefined;
  const target = wanted
    ? await classify(wanted, url, dest)
    : await classify((await git(['ls-remote', '--symref', url, 'HEAD'], dest)).match(/ref: (\S+)\s+HEAD/)?.[1] ?? 'refs/heads/main', url, dest);
  if (depth === 0) await git(['fetch', '-q', '--no-tags', url, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'], dest);
  let checkoutArgs: string[];
  let outRef: string;
  if (target.kind === 'sha') {
    await git(['fetch', '-q', '--no-tags', ...depthArgs, url, target.sha], dest);
    checkoutArgs = ['checkout', '-q', '--force', target.sha];
    outRef = target.sha;
  } else if (target.kind === 'branch') {
    const fetchBranch = (source: string) =>
      git(['fetch', '-q', '--no-tags', ...depthArgs, url, `+${source}:refs/remotes/origin/${target.name}`], dest);
    // Pinned to the event's commit when the remote serves it; the branch tip otherwise.
    await (pinnedSha ? fetchBranch(pinnedSha).catch(() => fetchBranch(target.ref)) : fetchBranch(target.ref));
    checkoutArgs = ['checkout', '-q', '--force', '-B', target.name, `refs/remotes/origin/${target.name}`];
    outRef = target.ref;
  } else if (target.kind === 'tag') {
    await git(['fetch', '-q', '--no-tags', ...depthArgs, url, `+${target.ref}:${target.ref}`], dest);
    checkoutArgs = ['checkout', '-q', '--force', target.ref];
    outRef = target.ref;
  } else {
    const fetchOther = git(['fetch', '-q', '--no-tags', ...depthArgs, url, `+${target.ref}:refs/remotes/${target.name}`], dest);
    // e.g. refs/pull/N/merge, which a bare emulator repo may not have: fall back to the event's commit.
    const fetched = await fetchOther.then(
      () => true,
      (error: unknown) => (pinnedSha ? false : Promise.reject(error)),
    );
    if (!fetched) await git(['fetch', '-q', '--no-tags', ...depthArgs, url, pinnedSha as string], dest);
    checkoutArgs = ['checkout', '-q', '--force', fetched ? `refs/remotes/${target.name}` : (pinnedSha as string)];
    outRef = target.ref;
  }
  await git(checkoutArgs, dest);
  if (target.kind === 'branch') await git(['branch', '-q', `--set-upstream-to=origin/${target.name}`, target.name], dest).catch(() => undefined);
  return { ref: outRef, commit: await git(['rev-parse', 'HEAD'], dest) };
}
