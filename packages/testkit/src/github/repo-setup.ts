import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BareGitRepo, type GitIdentity, ZERO_SHA, runGit } from './git-repo.js';

/**
 * Creates a bare repository whose default branch holds `files` or a copy of `fromDir` (its .gitignore applies),
 * in one initial commit. With neither, the repository starts with a README.
 */
export async function initBareRepo(
  dir: string,
  opts: { defaultBranch: string; files?: Record<string, string>; fromDir?: string; author: GitIdentity; name: string },
): Promise<BareGitRepo> {
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
    const changes = [];
    for (const [path, content] of Object.entries(files)) {
      if (!path || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`createRepo: invalid file path "${path}"`);
      changes.push({ path, sha: await repo.writeBlob(Buffer.from(content, 'utf8')) });
    }
    tree = await repo.buildTree(tree, changes);
  }
  if (tree) {
    const sha = await repo.commitTree(tree, [], 'Initial commit', opts.author, opts.author);
    await repo.updateRef(`refs/heads/${opts.defaultBranch}`, sha, ZERO_SHA);
  }
  return repo;
}
