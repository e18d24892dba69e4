import { createHash } from 'node:crypto';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processWide } from '../process/process-wide.js';
import { BareGitRepo, type GitIdentity, ZERO_SHA, runGit } from './git-repo.js';
import { processScratchDir } from './process-helper.js';

interface SeedOptions {
  defaultBranch: string;
  files?: Record<string, string>;
  fromDir?: string;
  author: GitIdentity;
  name: string;
}

/**
 * Bare repositories already built from the same seed in this process, by seed: many test files create the same
 * sample repository in every test, and building one takes nine git processes where a copy takes none.
 */
const templates = processWide('bare-repo-templates', () => ({ scratch: '', bySeed: new Map<string, string>() }));

/** The seed's identity; undefined for a copy of a folder (its content may change between calls). */
function seedKey(opts: SeedOptions): string | undefined {
  if (opts.fromDir) return undefined;
  const seed = JSON.stringify([1, opts.defaultBranch, opts.files ? Object.entries(opts.files) : null, opts.author, opts.name]);
  return createHash('sha256').update(seed).digest('hex');
}

function templateFolder(): string {
  const scratch = processScratchDir();
  // A new helper brings a new scratch folder: templates in the old one may be gone.
  if (templates.scratch !== scratch) {
    templates.scratch = scratch;
    templates.bySeed.clear();
  }
  return scratch;
}

/**
 * Creates a bare repository whose default branch holds `files` or a copy of `fromDir` (its .gitignore applies),
 * in one initial commit. With neither, the repository starts with a README.
 */
export async function initBareRepo(dir: string, opts: SeedOptions): Promise<BareGitRepo> {
  const key = seedKey(opts);
  const folder = key ? templateFolder() : '';
  const template = key ? templates.bySeed.get(key) : undefined;
  if (template) {
    await cp(template, dir, { recursive: true, errorOnExist: true, force: false });
    return new BareGitRepo(dir);
  }
  const repo = await buildBareRepo(dir, opts);
  if (key) {
    // Copied under a temporary name and renamed, so a template is never seen half-written.
    const partial = join(folder, `${key}.partial-${process.hrtime.bigint()}`);
    await cp(dir, partial, { recursive: true });
    await rename(partial, join(folder, key)).then(
      () => templates.bySeed.set(key, join(folder, key)),
      () => rm(partial, { recursive: true, force: true }), // another build of the same seed got there first
    );
  }
  return repo;
}

async function buildBareRepo(dir: string, opts: SeedOptions): Promise<BareGitRepo> {
  await runGit(['init', '--bare', '--quiet', `--initial-branch=${opts.defaultBranch}`, dir]);
  const repo = new BareGitRepo(dir);
  let tree: string | undefined;
  if (opts.fromDir) {
    const s = await stat(opts.fromDir).catch(() => undefined);
    if (!s?.isDirectory()) throw new Error(`createRepo: fromDir ${opts.fromDir} is not a directory`);
    const tmp = await mkdtemp(join(tmpdir(), 'emu-seed-'));
    try {
      const env = { GIT_INDEX_FILE: join(tmp, 'index') };
      await runGit(['--git-dir', dir, '--work-tree', opts.fromDir, 'add', '-A', '.'], { env });
      tree = (await runGit(['--git-dir', dir, 'write-tree'], { env })).toString().trim();
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  const files = opts.files ?? (opts.fromDir ? undefined : { 'README.md': `# ${opts.name}\n` });
  if (files && Object.keys(files).length) {
    const entries = Object.entries(files);
    for (const [path] of entries) {
      if (!path || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`createRepo: invalid file path "${path}"`);
    }
    const shas = await repo.writeBlobs(entries.map(([, content]) => Buffer.from(content, 'utf8')));
    tree = await repo.buildTree(
      tree,
      entries.map(([path], i) => ({ path, sha: shas[i] as string })),
    );
  }
  if (tree) {
    const sha = await repo.commitTree(tree, [], 'Initial commit', opts.author, opts.author);
    await repo.updateRef(`refs/heads/${opts.defaultBranch}`, sha, ZERO_SHA);
  }
  return repo;
}

/** Seeds one commit of `files` on `branch` straight into the bare repository (no push, so no push event). */
export async function seedCommit(
  target: { git: BareGitRepo; defaultBranch: string; fullName: string },
  opts: { branch: string; from?: string; files: Record<string, string>; message: string; author: GitIdentity },
): Promise<string> {
  const { git } = target;
  return git.exclusive(async () => {
    const ref = `refs/heads/${opts.branch}`;
    const current = await git.refSha(ref);
    const from = opts.from ?? target.defaultBranch;
    const parent = current ?? (await git.resolveCommit(from));
    if (!parent) throw new Error(`commitFiles: ${target.fullName} has no ${from} to start ${opts.branch} from`);
    const entries = Object.entries(opts.files);
    for (const [path] of entries) {
      if (!path || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`commitFiles: invalid file path "${path}"`);
    }
    const shas = await git.writeBlobs(entries.map(([, content]) => Buffer.from(content, 'utf8')));
    const parentTree = (await git.commit(parent))?.tree;
    const tree = await git.buildTree(
      parentTree,
      entries.map(([path], i) => ({ path, sha: shas[i] as string })),
    );
    const sha = await git.commitTree(tree, [parent], opts.message, opts.author, opts.author);
    if (!(await git.updateRef(ref, sha, current ?? ZERO_SHA))) throw new Error(`commitFiles: ${ref} moved while seeding`);
    return sha;
  });
}
