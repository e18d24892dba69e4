import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCollected } from './process-helper.js';

export const ZERO_SHA = '0000000000000000000000000000000000000000';
const FULL_SHA = /^[0-9a-f]{40}$/;
/** refs/ and path segments of letters, digits, `.`, `_`, `-` (no `..`, checked apart): names git stores as files. */
const PLAIN_REF = /^refs\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (${code}): ${stderr.trim()}`);
  }
}

export interface GitIdentity {
  name: string;
  email: string;
  date?: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity & { date: string };
  committer: GitIdentity & { date: string };
  message: string;
}

export interface DiffFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  previous_filename?: string;
  patch?: string;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
  path: string;
}

/** A bare repository driven through the git CLI: the single source of truth for branches, commits and files. */
export class BareGitRepo {
  private lock: Promise<unknown> = Promise.resolve();
  /**
   * Answers that depend only on full object ids. Git objects never change, so each such question goes to git once:
   * every API read of a pull request asks for merge bases, commit lists and diffs, and each git process started
   * from the (large) test process is expensive on a loaded machine. Callers get copies.
   */
  private readonly memo = new Map<string, unknown>();

  private async once<T>(key: string, ids: string[], compute: () => Promise<T>): Promise<T> {
    if (!ids.every((id) => FULL_SHA.test(id))) return compute();
    if (this.memo.has(key)) return structuredClone(this.memo.get(key) as T);
    const value = await compute();
    // An object missing now may be written later: only answers about existing objects are kept.
    if (value !== undefined) this.memo.set(key, structuredClone(value));
    return value;
  }

  constructor(readonly dir: string) {}

  /** Runs write sequences one at a time (ref updates, commits via the API) so concurrent requests stay atomic. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  run(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; allowFail?: boolean } = {}): Promise<Buffer> {
    return runGit(['--git-dir', this.dir, ...args], opts);
  }

  async text(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<string> {
    return (await this.run(args, opts)).toString('utf8').trim();
  }

  /** Resolves a branch, tag, full ref or sha to a commit sha; undefined when it does not exist. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (!ref || ref.startsWith('-')) return undefined;
    const candidates = /^[0-9a-f]{40}$/.test(ref) ? [ref] : ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
    for (const c of candidates) {
      // A ref or sha naming a commit directly is answered without git; anything else (a tag to peel…) asks git.
      const direct = c.startsWith('refs/') ? await this.readRefFiles(c) : FULL_SHA.test(c) ? c : null;
      if (direct === undefined) continue;
      if (direct !== null && (await this.objectType(direct)) === 'commit') return direct;
      const out = await this.run(['rev-parse', '--verify', '--quiet', `${c}^{commit}`], { allowFail: true });
      const sha = out.toString().trim();
      if (/^[0-9a-f]{40}$/.test(sha)) return sha;
    }
    return undefined;
  }

  /** Whether `head` merges into `base` without conflicts (git merge-tree); asked once per pair of commits. */
  async mergesCleanly(base: string, head: string): Promise<boolean> {
    return this.once(`merges ${base} ${head}`, [base, head], async () => {
      const out = await this.run(['merge-tree', '--write-tree', base, head], { allowFail: true });
      return /^[0-9a-f]{40}\n?$/.test(out.toString());
    });
  }

  async refSha(fullRef: string): Promise<string | undefined> {
    const read = await this.readRefFiles(fullRef);
    if (read !== null) return read;
    const out = (await this.run(['rev-parse', '--verify', '--quiet', fullRef], { allowFail: true })).toString().trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : undefined;
  }

  /**
   * A ref read from the repository's files as git stores them (a loose `refs/…` file, else a `packed-refs` line),
   * without starting git: every API read of a pull request looks up its head and base, and a git process started
   * from the large test process is the emulator's main cost on a loaded machine. Git writes both files by an
   * atomic rename. Returns the sha, undefined when the ref does not exist, or null when only git can tell (a name
   * outside the plain refs/… form, a symbolic ref, a reftable repository, an unexpected file): then git is asked.
   */
  private async readRefFiles(fullRef: string): Promise<string | undefined | null> {
    if (!PLAIN_REF.test(fullRef) || fullRef.split('/').some((part) => part.startsWith('.') || part.endsWith('.') || part.endsWith('.lock'))) {
      return null;
    }
    const read = (file: string) =>
      readFile(join(this.dir, file), 'utf8').catch((error: NodeJS.ErrnoException) =>
        error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR' ? undefined : null,
      );
    if ((await read('reftable/tables.list')) !== undefined) return null;
    const loose = await read(fullRef);
    if (loose === null) return null;
    if (loose !== undefined) {
      const sha = loose.trim();
      return FULL_SHA.test(sha) ? sha : null;
    }
    const packed = await read('packed-refs');
    if (packed === null) return null;
    for (const line of (packed ?? '').split('\n')) {
      if (line.startsWith('#') || line.startsWith('^')) continue;
      const [sha, ref] = line.trim().split(' ');
      if (ref === fullRef) return sha && FULL_SHA.test(sha) ? sha : null;
    }
    return undefined;
  }

  async objectType(sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return undefined;
    return this.once(`type ${sha}`, [sha], async () => (await this.run(['cat-file', '-t', sha], { allowFail: true })).toString().trim() || undefined);
  }

  async listRefs(prefix: string): Promise<Array<{ ref: string; sha: string; type: string }>> {
    const out = await this.text(['for-each-ref', '--format=%(refname) %(objectname) %(objecttype)']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref, sha, type] = line.split(' ');
        return { ref: ref!, sha: sha!, type: type! };
      })
      .filter((r) => r.ref.startsWith(prefix));
  }

  /** Compare-and-swap: `expectedOld` ZERO_SHA means "must not exist yet". Returns false when the ref moved. */
  async updateRef(fullRef: string, newSha: string, expectedOld?: string): Promise<boolean> {
    const args = ['update-ref', fullRef, newSha];
    if (expectedOld) args.push(expectedOld);
    try {
      await this.run(args);
      return true;
    } catch (e) {
      if (e instanceof GitCommandError) return false;
      throw e;
    }
  }

  async deleteRef(fullRef: string): Promise<void> {
    await this.run(['update-ref', '-d', fullRef]);
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return this.once(`ancestor ${ancestor} ${descendant}`, [ancestor, descendant], () => this.checkAncestor(ancestor, descendant));
  }

  private async checkAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.run(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch (e) {
      if (e instanceof GitCommandError && e.code === 1) return false;
      throw e;
    }
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    return this.once(
      `merge-base ${a} ${b}`,
      [a, b],
      async () => (await this.run(['merge-base', a, b], { allowFail: true })).toString().trim() || undefined,
    );
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  async commitsBetween(base: string, head: string): Promise<string[]> {
    return this.once(`between ${base} ${head}`, [base, head], async () => {
      const out = await this.text(['rev-list', '--reverse', `${base}..${head}`]);
      return out ? out.split('\n') : [];
    });
  }

  async log(start: string, opts: { path?: string; max?: number } = {}): Promise<string[]> {
    const args = ['rev-list', start];
    if (opts.max) args.push(`--max-count=${opts.max}`);
    if (opts.path) args.push('--', opts.path);
    const out = await this.text(args);
    return out ? out.split('\n') : [];
  }

  async commit(sha: string): Promise<CommitInfo | undefined> {
    return this.once(`commit ${sha}`, [sha], () => this.readCommit(sha));
  }

  private async readCommit(sha: string): Promise<CommitInfo | undefined> {
    if ((await this.objectType(sha)) !== 'commit') return undefined;
    const raw = (await this.run(['cat-file', 'commit', sha])).toString('utf8');
    const split = raw.indexOf('\n\n');
    const header = raw.slice(0, split);
    const message = raw.slice(split + 2);
    const parents: string[] = [];
    let tree = '';
    let author: CommitInfo['author'] | undefined;
    let committer: CommitInfo['committer'] | undefined;
    for (const line of header.split('\n')) {
      const [key, ...rest] = line.split(' ');
      const value = rest.join(' ');
      if (key === 'tree') tree = value;
      else if (key === 'parent') parents.push(value);
      else if (key === 'author') author = parseIdentity(value);
      else if (key === 'committer') committer = parseIdentity(value);
    }
    return { sha, tree, parents, author: author!, committer: committer!, message };
  }

  /** Entries of a tree (`recursive` lists every blob). */
  async tree(treeish: string, opts: { recursive?: boolean } = {}): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-l', '-z'];
    if (opts.recursive) args.push('-r', '-t');
    args.push(treeish);
    const out = (await this.run(args)).toString('utf8');
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
        return { mode: mode!, type: type as TreeEntry['type'], sha: sha!, size: size === '-' ? undefined : Number(size), path: line.slice(tab + 1) };
      });
  }

  /** The entry at `path` in a commit, or undefined. The root is a tree. */
  async entryAt(commitSha: string, path: string): Promise<TreeEntry | undefined> {
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (!clean)
      return {
        mode: '040000',
        type: 'tree',
        sha: await this.once(`tree ${commitSha}`, [commitSha], () => this.text(['rev-parse', `${commitSha}^{tree}`])),
        path: '',
      };
    const out = (await this.run(['ls-tree', '-l', '-z', commitSha, '--', clean], { allowFail: true })).toString('utf8');
    const line = out.split('\0').find(Boolean);
    if (!line) return undefined;
    const tab = line.indexOf('\t');
    const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
    if (line.slice(tab + 1) !== clean) return undefined;
    return { mode: mode!, type: type as TreeEntry['type'], sha: sha!, size: size === '-' ? undefined : Number(size), path: clean };
  }

  async blob(sha: string): Promise<Buffer | undefined> {
    if ((await this.objectType(sha)) !== 'blob') return undefined;
    return this.run(['cat-file', 'blob', sha]);
  }

  async writeBlob(content: Buffer): Promise<string> {
    return this.text(['hash-object', '-w', '--stdin'], { input: content });
  }

  /** Writes many blobs with one git process (a repository seeded with twenty files would otherwise start twenty). */
  async writeBlobs(contents: Buffer[]): Promise<string[]> {
    if (contents.length <= 1) return Promise.all(contents.map((c) => this.writeBlob(c)));
    const tmp = await mkdtemp(join(tmpdir(), 'emu-blobs-'));
    try {
      const files = contents.map((_, i) => join(tmp, String(i)));
      await Promise.all(contents.map((c, i) => writeFile(files[i] as string, c)));
      const shas = (await this.text(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: `${files.join('\n')}\n` })).split('\n');
      if (shas.length !== contents.length || !shas.every((sha) => FULL_SHA.test(sha)))
        throw new Error(`git hash-object answered ${shas.length} ids for ${contents.length} blobs`);
      return shas;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /**
   * Builds a tree from `baseTree` (or empty) plus changes: a sha sets a path, null removes it.
   * Uses a throwaway index so the bare repository never needs a work tree; all changes go in one update-index.
   */
  async buildTree(baseTree: string | undefined, changes: Array<{ path: string; mode?: string; sha: string | null }>): Promise<string> {
    const tmp = await mkdtemp(join(tmpdir(), 'emu-index-'));
    const env = { GIT_INDEX_FILE: join(tmp, 'index') };
    try {
      if (baseTree) await this.run(['read-tree', baseTree], { env });
      else await this.run(['read-tree', '--empty'], { env });
      // --index-info: "<mode> <sha>\t<path>", NUL-terminated with -z; mode 0 removes the path.
      const lines = changes.map((c) => (c.sha === null ? `0 ${ZERO_SHA}\t${c.path}\0` : `${c.mode ?? '100644'} ${c.sha}\t${c.path}\0`));
      if (lines.length) await this.run(['update-index', '-z', '--index-info'], { env, input: lines.join('') });
      return await this.text(['write-tree'], { env });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async commitTree(tree: string, parents: string[], message: string, author: GitIdentity, committer: GitIdentity): Promise<string> {
    const args = ['commit-tree', tree];
    for (const p of parents) args.push('-p', p);
    return this.text(args, {
      input: message,
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        ...(author.date ? { GIT_AUTHOR_DATE: author.date } : {}),
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        ...(committer.date ? { GIT_COMMITTER_DATE: committer.date } : {}),
      },
    });
  }

  /** Files changed between two commits, with line counts (GitHub's `files` array without patches for binaries). */
  async diffFiles(base: string, head: string): Promise<DiffFile[]> {
    return this.once(`diff ${base} ${head}`, [base, head], () => this.readDiffFiles(base, head));
  }

  private async readDiffFiles(base: string, head: string): Promise<DiffFile[]> {
    const numstat = await this.text(['diff', '--numstat', '-z', '-M', base, head]);
    const names = await this.text(['diff', '--name-status', '-M', base, head]);
    const statusWord: Record<string, string> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied', T: 'changed' };
    const counts = new Map<string, [number, number]>();
    const parts = numstat.split('\0');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (!part) continue;
      const [add, del, path] = part.split('\t');
      if (path === '') {
        // rename: the next two NUL-separated fields are old and new paths
        counts.set(parts[i + 2]!, [Number(add) || 0, Number(del) || 0]);
        i += 2;
      } else counts.set(path!, [Number(add) || 0, Number(del) || 0]);
    }
    const files = [];
    for (const line of names.split('\n').filter(Boolean)) {
      const [code, a, b] = line.split('\t');
      const filename = b ?? a!;
      const [additions, deletions] = counts.get(filename) ?? [0, 0];
      const patchText = await this.text(['diff', '-M', base, head, '--', ...(b ? [a!, b] : [a!])]);
      const hunkStart = patchText.indexOf('\n@@');
      files.push({
        filename,
        status: statusWord[code![0]!] ?? 'modified',
        additions,
        deletions,
        ...(b ? { previous_filename: a! } : {}),
        ...(hunkStart >= 0 ? { patch: patchText.slice(hunkStart + 1) } : {}),
      });
    }
    return files;
  }
}

function parseIdentity(value: string): GitIdentity & { date: string } {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!m) return { name: value, email: '', date: new Date(0).toISOString() };
  return { name: m[1]!, email: m[2]!, date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export async function runGit(
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; allowFail?: boolean } = {},
): Promise<Buffer> {
  const { code, stdout, stderr } = await runCollected('git', args, {
    cwd: opts.cwd,
    // A fixed environment: the developer's git config (signing, hooks, templates) must not leak in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmpdir(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      ...opts.env,
    },
    input: opts.input,
  });
  if (code === 0 || opts.allowFail) return stdout;
  throw new GitCommandError(args, code, stderr.toString('utf8'));
}
