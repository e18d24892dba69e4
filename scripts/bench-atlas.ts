/**
 * npm run bench:atlas — the repo atlas beside universal-ctags on real trees of this machine, and its retrieval
 * beside a plain BM25 on the history of real repositories, in one run.
 *
 * Trees: the Python standard library (/usr/lib/python3.*), the JS/TS sources of this repository's node_modules,
 * and a tree of 50,000+ files made of two copies of it (assembled once under the temp folder). For each: cold
 * build time (with parse workers, and in one thread), files/s and peak memory (a child process per build, on
 * BENCH_ATLAS_NODE if set, e.g. a Node 24 binary as the actions run on), beside `ctags -R` on the whole tree and
 * ctags on exactly the atlas's files; an incremental rebuild after 50 changed files (as a plain folder, as a git
 * checkout whose index holds the tree, and with a stat cache); query time on the largest.
 * Retrieval: for the non-merge commits of the repositories under /work/.mirror (bare git directories brought by
 * the session's fetch tool; BENCH_ATLAS_REPOS overrides), the commit message is the query and the source files
 * it changed (TS/JS/Python, Go, Rust, Java, C#, PHP; existing before it, tests excluded) the answer. The ranking's
 * constants are tuned on the dev group (click, requests, ky); httpx, commander.js and zustand are held out, and
 * flask, got and axios were added after all tuning (unseen); each group is reported apart, and the **all** row
 * is these nine. cobra (Go), fd (Rust), gson (Java), serilog (C#) and Slim (PHP) are a group of their own,
 * outside **all**: the languages other than TS/JS and Python (Go and Java parsed, the others read as words). For the answer files longer than the
 * delivery roles' per-file cap, the share of the commit's changed lines that the capped text shows: the first
 * characters against the excerpt for the message (excerpt.ts).
 * Skips each part cleanly with a message when its input (ctags, a tree, the mirrors) is absent; npm test never
 * runs this.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildAtlas,
  excerptFile,
  isTestPath,
  listSourceFiles,
  loadTokenCounter,
  parseAtlas,
  plainWords,
  rankFiles,
  readAtlasLazily,
  select,
  writeAtlasFile,
  type Atlas,
} from '@eternia/atlas';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const work = path.join(tmpdir(), 'eternia-atlas-bench');
const MB = 1024 * 1024;

// ---------------------------------------------------------------- worker (one build per process, for its memory)
if (process.argv[2] === '--worker') {
  const [, , , mode, dir, file] = process.argv as string[];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpu0);
    return (used.user + used.system) / 1000;
  };
  // An optional fourth argument: the stat side cache (see packages/atlas/src/stat-cache.ts); a fifth, `git`: take
  // unchanged files from git's index (git-blobs.ts), as in a checkout; otherwise the tree is read as a plain folder.
  const statCache = process.argv[6] || undefined;
  const gitIndex = process.argv[7] === 'git';
  if (mode === 'build') {
    // BENCH_PARSE_WORKERS=0: the same build with every file parsed in the building thread.
    const workers = process.env.BENCH_PARSE_WORKERS;
    const { atlas, stats } = await buildAtlas({ dir: dir as string, statCache, ...(workers !== undefined && { parseWorkers: Number(workers) }) });
    const ms = performance.now() - t0;
    await writeAtlasFile(file as string, atlas);
    console.log(JSON.stringify({ ms, cpuMs: cpuMs(), ...stats, edges: atlas.edges.length, rss: process.resourceUsage().maxRSS * 1024 }));
  } else if (mode === 'incremental') {
    // Read and written as the CLI and the action do.
    const previous = await readAtlasLazily(file as string);
    const { atlas, stats } = await buildAtlas({ dir: dir as string, previous, statCache, gitIndex });
    await writeAtlasFile(`${file}.next`, atlas);
    console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: cpuMs(), ...stats, rss: process.resourceUsage().maxRSS * 1024 }));
  } else if (mode === 'query') {
    // Read as the roles and the CLI read it: lazily, the entries' bodies parsed when a query first needs them.
    const atlas = (await readAtlasLazily(file as string)) as Atlas;
    const loadMs = performance.now() - t0;
    const count = await loadTokenCounter();
    // Ten different texts (each brings terms no earlier one asked for, whose postings are searched then), then the
    // same ten again (their terms known): a role's first select and later ones.
    const queries = [
      'parse the configuration file and report errors',
      'retry HTTP request with exponential backoff',
      'tokenizer for source code identifiers',
      'date time zone formatting',
      'compress data with gzip stream',
      'validate email address input',
      'watch directory for changed files',
      'escape html entities in templates',
      'semantic version range comparison',
      'encode base64 url safe',
    ];
    const time = (q: string) => {
      const t = performance.now();
      select(atlas, q, 4000, { countTokens: count });
      return performance.now() - t;
    };
    const fresh = queries.map(time);
    const again = queries.map(time);
    const first = fresh[0] as number;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    console.log(
      JSON.stringify({
        loadMs,
        firstMs: first,
        newMedianMs: median(fresh.slice(1)),
        newMaxMs: Math.max(...fresh.slice(1)),
        againMedianMs: median(again),
      }),
    );
  }
  process.exit(0);
}

const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
// BENCH_ATLAS_NODE=/path/to/node runs the builds and queries under another Node (the actions run on Node 24).
const benchNode = process.env.BENCH_ATLAS_NODE || process.execPath;
function worker(...args: string[]): Record<string, number> {
  return workerWith({}, ...args);
}
function workerWith(env: Record<string, string>, ...args: string[]): Record<string, number> {
  const out = execFileSync(benchNode, ['--max-old-space-size=4096', tsxCli, self, '--worker', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const hasCtags = spawnSync('ctags', ['--version'], { encoding: 'utf8' }).stdout?.includes('Universal Ctags') ?? false;
/** ctags' wall time, files and CPU time (bash's `times`: the machine may be shared, CPU time is the fairer ratio). */
function ctags(args: string[], input?: string): { ms: number; files: number; cpuMs: number } {
  const t0 = performance.now();
  const run = spawnSync('bash', ['-c', 'ctags "$@"; times >&2', 'ctags', '--totals=yes', '-f', path.join(work, 'tags'), ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 64 * MB,
  });
  const ms = performance.now() - t0;
  const output = `${run.stdout}${run.stderr}`;
  const files = Number(/(\d+) files?,/.exec(output)?.[1] ?? NaN);
  // The second line of `times` is the children's user and system time: 0m1.234s 0m0.056s
  const [, um, us, sm, ss] = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(output) ?? [];
  const cpuMs = um === undefined ? NaN : (Number(um) * 60 + Number(us) + Number(sm) * 60 + Number(ss)) * 1000;
  return { ms, files, cpuMs };
}

// ---------------------------------------------------------------- trees
function copyTree(from: string, to: string): void {
  if (existsSync(path.join(to, '.complete'))) return;
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  // Folder names the atlas skips as vendored or built are renamed, so the copy is indexed as source.
  execFileSync('bash', [
    '-c',
    `tar -C ${JSON.stringify(path.dirname(from))} -cf - ${JSON.stringify(path.basename(from))} | tar -C ${JSON.stringify(to)} --transform 's#\\(^\\|/\\)\\(node_modules\\|dist\\|build\\|out\\)\\(/\\|$\\)#\\1\\2_\\3#g' -xf -`,
  ]);
  writeFileSync(path.join(to, '.complete'), '');
}

/** Makes `dir` a git checkout of itself as it is now: an index holding every listed file (no objects written). */
function gitIndexOf(dir: string): void {
  const quiet = { cwd: dir, stdio: ['pipe', 'ignore', 'ignore'] as ['pipe', 'ignore', 'ignore'], maxBuffer: 64 * MB };
  if (!existsSync(path.join(dir, '.git'))) {
    execFileSync('git', ['init', '-q'], quiet);
    const files = execFileSync('find', ['.', '-type', 'f', '-not', '-path', './.git/*', '-printf', '%P\\0'], { cwd: dir, maxBuffer: 256 * MB });
    execFileSync('git', ['update-index', '--add', '--info-only', '-z', '--stdin'], { ...quiet, input: files });
  }
  spawnSync('git', ['update-index', '-q', '--refresh'], quiet);
}

mkdirSync(work, { recursive: true });
// BENCH_ATLAS_PARTS=trees or =retrieval runs one half; BENCH_ATLAS_TREES=python,npm,big picks trees (all by default).
const parts = process.env.BENCH_ATLAS_PARTS ?? 'trees,retrieval';
const wanted = new Set((process.env.BENCH_ATLAS_TREES ?? 'python,npm,big').split(','));
// ctags on the 50k tree takes many minutes (it parses the node_modules files over 1 MB that the atlas skips): opt in.
const bigCtags = process.env.BENCH_ATLAS_BIG_CTAGS === '1';
const BIG_FILES = 50_000;
const trees: Array<{ name: string; dir: string; ctags: boolean }> = [];
const python = readdirSync('/usr/lib')
  .filter((d) => /^python3\.\d+$/.test(d))
  .sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))[0];
if (!parts.includes('trees')) console.log('skip trees: BENCH_ATLAS_PARTS');
else {
  const pythonDir = path.join(work, 'python');
  const npmDir = path.join(work, 'npm');
  if (python) copyTree(`/usr/lib/${python}`, pythonDir);
  else console.log('skip: no /usr/lib/python3.* on this machine');
  const hasNpm = existsSync(path.join(root, 'node_modules'));
  if (hasNpm) copyTree(path.join(root, 'node_modules'), npmDir);
  else console.log('skip: no node_modules (run npm ci)');
  if (python && wanted.has('python')) trees.push({ name: `Python stdlib (${python})`, dir: pythonDir, ctags: true });
  if (hasNpm && wanted.has('npm')) trees.push({ name: 'node_modules JS/TS', dir: npmDir, ctags: true });
  if (hasNpm && wanted.has('big')) {
    // Copies of the node_modules tree (and the stdlib) until there are 50,000 files.
    const perCopy = (await listSourceFiles(npmDir)).length;
    const copies = Math.max(1, Math.ceil((BIG_FILES - (python ? (await listSourceFiles(pythonDir)).length : 0)) / perCopy));
    const big = path.join(work, `big${copies}`);
    if (!existsSync(path.join(big, '.complete'))) {
      rmSync(big, { recursive: true, force: true });
      mkdirSync(big, { recursive: true });
      for (let i = 0; i < copies; i++) execFileSync('cp', ['-r', npmDir, path.join(big, `copy${i}`)]);
      if (python) execFileSync('cp', ['-r', pythonDir, path.join(big, 'py')]);
      writeFileSync(path.join(big, '.complete'), '');
    }
    trees.push({ name: `${copies} × node_modules${python ? ' + stdlib' : ''}`, dir: big, ctags: bigCtags });
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
if (trees.length) {
  console.log('\n## Build (targets: cold ≤ 2× ctags, RSS < 1 GB at 50k files, rebuild after 50 changes < 2 s)\n');
  console.log(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores); builds run on Node ${execFileSync(benchNode, ['--version'], { encoding: 'utf8' }).trim()}\n`,
  );
}
const row = (line: string) => console.log(line);
if (trees.length)
  row(
    '| tree | files (atlas / ctags -R) | atlas cold | atlas cold, one thread | ctags -R | ctags, atlas files | atlas ÷ ctags | CPU: atlas / ctags, atlas files | atlas files/s | peak RSS | references | +50 changed: rebuild (parsed) | +50 changed, git checkout (read) | +50 changed, stat cache (read) |',
  );
if (trees.length) row('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
let largest: { name: string; atlasFile: string; files: number } | null = null;
const parsedLanguages = ['python', 'typescript', 'javascript', 'tsx'];
const edit = (language: string) => (language === 'python' ? '\n# bench edit\n' : '\n// bench edit\n');
for (const tree of trees) {
  const atlasFile = path.join(work, `${path.basename(tree.dir)}.atlas.json`);
  const statFile = `${atlasFile}.stat`;
  rmSync(statFile, { force: true });
  const cold = worker('build', tree.dir, atlasFile);
  // Every file parsed in the building thread (parse-pool.ts off): what the workers gain.
  const oneThread = workerWith({ BENCH_PARSE_WORKERS: '0' }, 'build', tree.dir, `${atlasFile}.one-thread`);
  rmSync(`${atlasFile}.one-thread`, { force: true });
  const list = (await listSourceFiles(tree.dir)).map((f) => path.join(tree.dir, f)).join('\n');
  const none = { ms: NaN, files: NaN, cpuMs: NaN };
  const whole = hasCtags && tree.ctags ? ctags(['-R', tree.dir]) : none;
  const same = hasCtags && tree.ctags ? ctags(['-L', '-'], list) : none;
  // 50 parsed files change (a line appended), then the rebuild reuses the rest of the previous atlas. Done twice
  // with two sets of files: without a stat cache (as the CLI and the action build; this run writes the cache),
  // then with it (the first set, restored, is read again: its ctime is new).
  const atlas = parseAtlas(readFileSync(atlasFile, 'utf8'), atlasFile);
  const sources = atlas.files.filter((f) => parsedLanguages.includes(f.language));
  const sets = [sources.filter((_, i) => i % 7 === 0).slice(0, 50), sources.filter((_, i) => i % 7 === 3).slice(0, 50)];
  const change = (files: typeof sources) => {
    for (const f of files) appendFileSync(path.join(tree.dir, f.path), edit(f.language));
  };
  const restore = (files: typeof sources) => {
    for (const f of files) {
      const p = path.join(tree.dir, f.path);
      const bytes = readFileSync(p);
      writeFileSync(p, bytes.subarray(0, bytes.length - Buffer.byteLength(edit(f.language))));
    }
  };
  // The tree as a fresh checkout leaves it: git's index holds every file with its current stat (blob ids recorded
  // without writing objects; later runs only refresh the stat of the files earlier runs edited and restored).
  gitIndexOf(tree.dir);
  change(sets[0] ?? []);
  const incremental = worker('incremental', tree.dir, atlasFile, statFile);
  // The same 50 changes, in the checkout: the files git's index holds unchanged are not read.
  const checkout = worker('incremental', tree.dir, atlasFile, '', 'git');
  restore(sets[0] ?? []);
  change(sets[1] ?? []);
  const cached = worker('incremental', tree.dir, atlasFile, statFile);
  restore(sets[1] ?? []);
  row(
    `| ${tree.name} | ${cold.files} / ${fmt(whole.files)} | ${fmt((cold.ms as number) / 1000, 1)} s | ${fmt((oneThread.ms as number) / 1000, 1)} s | ${fmt(whole.ms / 1000, 1)} s | ${fmt(same.ms / 1000, 1)} s | ${fmt((cold.ms as number) / same.ms, 2)}× | ${fmt((cold.cpuMs as number) / 1000, 1)} s / ${fmt(same.cpuMs / 1000, 1)} s | ${fmt(((cold.files as number) * 1000) / (cold.ms as number))} | ${fmt((cold.rss as number) / MB)} MB | ${cold.edges} | ${fmt((incremental.ms as number) / 1000, 2)} s (${incremental.parsed}) | ${fmt((checkout.ms as number) / 1000, 2)} s (${checkout.read}) | ${fmt((cached.ms as number) / 1000, 2)} s (${cached.read}) |`,
  );
  if (!largest || (cold.files as number) > largest.files) largest = { name: tree.name, atlasFile, files: cold.files as number };
}
if (trees.some((t) => !t.ctags)) console.log('ctags skipped on the 50k tree (BENCH_ATLAS_BIG_CTAGS=1 runs it)');
if (!hasCtags) console.log('note: universal-ctags is not installed (sudo apt-get install -y universal-ctags); its columns are empty');
if (largest) {
  const q = worker('query', largest.atlasFile, largest.atlasFile);
  console.log(
    `\nQuery on ${largest.name} (${largest.files} files; select() with a 4,000-token map, target < 200 ms): load ${fmt(q.loadMs as number)} ms (lazily, as the roles read it), first query ${fmt(q.firstMs as number)} ms (parses the bodies it needs, builds the term index); 9 more, each with new terms: median ${fmt(q.newMedianMs as number)} ms, max ${fmt(q.newMaxMs as number)} ms; the 10 again: median ${fmt(q.againMedianMs as number)} ms`,
  );
}

// ---------------------------------------------------------------- retrieval quality
/** Mid-sized JS/TS and Python projects, where the session's fetch tool stores them (owner+name/repo). */
const DEFAULT_REPOS = [
  'pallets+click',
  'psf+requests',
  'encode+httpx',
  'sindresorhus+ky',
  'tj+commander.js',
  'pmndrs+zustand',
  'pallets+flask',
  'sindresorhus+got',
  'axios+axios',
  'spf13+cobra',
  'sharkdp+fd',
  'google+gson',
  'serilog+serilog',
  'slimphp+Slim',
];
const mirrors = !parts.includes('retrieval')
  ? []
  : process.env.BENCH_ATLAS_REPOS
    ? process.env.BENCH_ATLAS_REPOS.split(',')
    : DEFAULT_REPOS.map((d) => path.join('/work/.mirror', d, 'repo')).filter((d) => existsSync(path.join(d, 'HEAD')));
const perRepo = Number(process.env.BENCH_ATLAS_COMMITS ?? 30);
if (mirrors.length === 0) {
  console.log(
    parts.includes('retrieval')
      ? '\nskip retrieval: no repositories with history (bare git dirs under /work/.mirror, or BENCH_ATLAS_REPOS=a,b)'
      : '\nskip retrieval: BENCH_ATLAS_PARTS',
  );
  process.exit(0);
}

const SOURCE = /\.(py|ts|tsx|js|jsx|mjs|cjs|go|rs|java|cs|php)$/;
interface Metrics {
  r1: number;
  r5: number;
  mrr: number;
  b8: number;
  b32: number;
}
const zero = (): Metrics => ({ r1: 0, r5: 0, mrr: 0, b8: 0, b32: 0 });

function score(ranking: string[], answer: Set<string>, sizes: Map<string, number>): Metrics {
  const at = (k: number) => ranking.slice(0, k).filter((p) => answer.has(p)).length / Math.min(k, answer.size);
  const first = ranking.findIndex((p) => answer.has(p));
  const budget = (tokens: number) => {
    let left = tokens;
    let hits = 0;
    for (const p of ranking) {
      const cost = Math.ceil((sizes.get(p) ?? 0) / 4);
      if (cost > left) continue;
      left -= cost;
      if (answer.has(p)) hits++;
    }
    return hits / answer.size;
  };
  return { r1: at(1), r5: at(5), mrr: first < 0 ? 0 : 1 / (first + 1), b8: budget(8000), b32: budget(32000) };
}

function bm25(files: Map<string, string>, query: string): string[] {
  const docs = [...files].map(([p, text]) => {
    const tf = new Map<string, number>();
    const words = plainWords(text);
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { p, tf, len: words.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const avg = docs.reduce((s, d) => s + d.len, 0) / Math.max(1, docs.length);
  const q = [...new Set(plainWords(query))];
  return docs
    .map((d) => {
      let s = 0;
      for (const w of q) {
        const tf = d.tf.get(w);
        if (!tf) continue;
        const n = df.get(w) ?? 0;
        s += Math.log(1 + (docs.length - n + 0.5) / (n + 0.5)) * ((tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.len) / avg)));
      }
      return { p: d.p, s };
    })
    .filter((d) => d.s > 0)
    .sort((a, b) => b.s - a.s || (a.p < b.p ? -1 : 1))
    .map((d) => d.p);
}

/** The delivery roles' per-file cap in a prompt (packages/roles/src/delivery/file-context.ts). */
const PROMPT_FILE_CHARS = 20_000;

/**
 * For a file a commit changed: the share of its changed lines (in the file before the commit; an insertion counts
 * the line it follows) within the first PROMPT_FILE_CHARS characters, and within the excerpt for the message.
 */
async function changedLinesShown(
  gitDir: string,
  commit: string,
  file: string,
  text: string,
  message: string,
): Promise<{ head: number; excerpt: number } | null> {
  const changed = new Set<number>();
  for (const hunk of git(gitDir, ['diff', '-U0', `${commit}^`, commit, '--', file]).matchAll(/^@@ -(\d+)(?:,(\d+))? /gm)) {
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count === 0) changed.add(Math.max(1, start));
    for (let line = start; line < start + count; line++) changed.add(line);
  }
  if (changed.size === 0) return null;
  let headLines = 0;
  for (let at = 0, i = 0, lines = text.split('\n'); i < lines.length; i++) {
    at += (lines[i] as string).length + 1;
    if (at - 1 > PROMPT_FILE_CHARS) break;
    headLines++;
  }
  const { shown } = await excerptFile(file, text, message, PROMPT_FILE_CHARS);
  const share = (isShown: (line: number) => boolean) => [...changed].filter(isShown).length / changed.size;
  return { head: share((line) => line <= headLines), excerpt: share((line) => shown.some(([from, to]) => from <= line && line <= to)) };
}

function excerptRow(name: string, long: { files: number; headLines: number; excerptLines: number; headEvery: number; excerptEvery: number }): string {
  const n = long.files; // none: the shares print as —
  return `| ${name} | ${long.files} | ${fmt(long.headLines / n, 2)} | ${fmt(long.excerptLines / n, 2)} | ${fmt(long.headEvery / n, 2)} | ${fmt(long.excerptEvery / n, 2)} |`;
}

/**
 * Writes the text files of `rev` that the atlas and BM25 read (sources, manifests, docs, ignore and owners
 * files) into `dir`, through one `git cat-file --batch`: a snapshot may lack its largest blobs, which are skipped.
 */
const WANTED = /(\.(py|pyi|ts|tsx|js|jsx|mjs|cjs|mts|cts|go|rs|java|cs|php|md|rst|toml|cfg|txt|json|ya?ml)$|(^|\/)(\.gitignore|CODEOWNERS)$)/;
function checkoutTree(gitDir: string, rev: string, dir: string): void {
  const entries = git(gitDir, ['ls-tree', '-r', '-l', rev])
    .split('\n')
    .map((line) => /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && WANTED.test(m[3] as string) && Number(m[2]) < 1_000_000);
  const out = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], {
    input: entries.map((m) => m[1]).join('\n') + '\n',
    maxBuffer: 1024 * MB,
  });
  let at = 0;
  for (const m of entries) {
    const end = out.indexOf(10, at);
    const header = out.subarray(at, end).toString('utf8');
    at = end + 1;
    if (header.endsWith('missing')) continue;
    const size = Number(header.split(' ')[2]);
    const file = path.join(dir, m[3] as string);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, out.subarray(at, at + size));
    at += size + 1;
  }
}

const git = (gitDir: string, args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * MB });
console.log(
  '\n## Retrieval (commit message → the source files it changed; targets: recall@5 ≥ 0.92, MRR ≥ 0.85, budget recall ≥ 0.65 at 8k, ≥ 0.93 at 32k)\n',
);
console.log('recall@k = answer files in the top k ÷ min(k, answer files); budget recall packs whole files (bytes/4 tokens) down the ranking.\n');
const qrows = { push: (line: string) => console.log(line) };
qrows.push('| repository | commits | method | recall@1 | recall@5 | MRR | budget recall 8k | budget recall 32k |');
qrows.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
const all = { atlas: zero(), bm25: zero(), n: 0 };
// Ranking is tuned on the dev group only; the held-out group shows whether that carries over to other projects,
// and the unseen group (added after all tuning, as is any repository BENCH_ATLAS_REPOS names) was never looked at.
const DEV_REPOS = new Set(['pallets/click', 'psf/requests', 'sindresorhus/ky']);
const HELD_OUT_REPOS = new Set(['encode/httpx', 'tj/commander.js', 'pmndrs/zustand']);
const groups = {
  dev: { atlas: zero(), bm25: zero(), n: 0 },
  'held-out': { atlas: zero(), bm25: zero(), n: 0 },
  unseen: { atlas: zero(), bm25: zero(), n: 0 },
  'other languages': { atlas: zero(), bm25: zero(), n: 0 },
};
const OTHER_LANGUAGE_REPOS = new Set(['spf13/cobra', 'sharkdp/fd', 'google/gson', 'serilog/serilog', 'slimphp/Slim']);
/** Long files: the share of a commit's changed lines a capped prompt shows, by the first characters or by excerpt. */
const excerptRows: string[] = [];
const excerptAll = { files: 0, headLines: 0, excerptLines: 0, headEvery: 0, excerptEvery: 0 };
for (const gitDir of mirrors) {
  const name = path.basename(path.dirname(gitDir)).replace('+', '/');
  const log = git(gitDir, ['log', '--no-merges', '--format=%H', '-n', '600', 'HEAD']).trim().split('\n');
  const checkout = path.join(work, 'history', path.basename(path.dirname(gitDir)));
  let previous: Atlas | null = null;
  const sums = { atlas: zero(), bm25: zero(), n: 0 };
  const other = OTHER_LANGUAGE_REPOS.has(name);
  const half = groups[DEV_REPOS.has(name) ? 'dev' : HELD_OUT_REPOS.has(name) ? 'held-out' : other ? 'other languages' : 'unseen'];
  const long = { files: 0, headLines: 0, excerptLines: 0, headEvery: 0, excerptEvery: 0 };
  for (const commit of log) {
    if (sums.n >= perRepo) break;
    const message = git(gitDir, ['log', '-1', '--format=%B', commit])
      .replace(/^(Co-authored-by|Signed-off-by):.*$/gim, '')
      .trim();
    // Releases and merges are not tasks; a conventional commit's type and scope (`chore(release): v1.7.9`) go first.
    if (/^(bump|release|v?\d+\.\d+|merge|update dependencies|\[pre-commit)/i.test(message.replace(/^\w+(\([^)]*\))?!?:\s*/, ''))) continue;
    const changed = git(gitDir, ['diff-tree', '--no-commit-id', '--name-status', '-r', `${commit}^`, commit])
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
      .filter(([status, p]) => status === 'M' && p && SOURCE.test(p) && !isTestPath(p))
      .map(([, p]) => p as string);
    if (changed.length === 0 || changed.length > 10) continue;
    rmSync(checkout, { recursive: true, force: true });
    checkoutTree(gitDir, `${commit}^`, checkout);
    const { atlas } = await buildAtlas({ dir: checkout, previous });
    previous = atlas;
    const paths = new Set(atlas.files.map((f) => f.path));
    const answer = new Set(changed.filter((p) => paths.has(p)));
    if (answer.size === 0) continue;
    const sizes = new Map(atlas.files.map((f) => [f.path, f.size]));
    const contents = new Map(atlas.files.map((f) => [f.path, readFileSync(path.join(checkout, f.path), 'utf8')]));
    const a = score(
      rankFiles(atlas, message).map((r) => r.file.path),
      answer,
      sizes,
    );
    const b = score(bm25(contents, message), answer, sizes);
    for (const file of answer) {
      const text = contents.get(file) as string;
      if (text.length <= PROMPT_FILE_CHARS) continue;
      const shown = await changedLinesShown(gitDir, commit, file, text, message);
      if (!shown) continue;
      for (const into of other ? [long] : [long, excerptAll]) {
        into.files++;
        into.headLines += shown.head;
        into.excerptLines += shown.excerpt;
        into.headEvery += shown.head === 1 ? 1 : 0;
        into.excerptEvery += shown.excerpt === 1 ? 1 : 0;
      }
    }
    for (const k of Object.keys(a) as Array<keyof Metrics>) {
      sums.atlas[k] += a[k];
      sums.bm25[k] += b[k];
      if (!other) all.atlas[k] += a[k];
      if (!other) all.bm25[k] += b[k];
      half.atlas[k] += a[k];
      half.bm25[k] += b[k];
    }
    sums.n++;
    if (!other) all.n++;
    half.n++;
  }
  rmSync(checkout, { recursive: true, force: true });
  excerptRows.push(excerptRow(name, long));
  for (const method of ['atlas', 'bm25'] as const) {
    const m = sums[method];
    const n = Math.max(1, sums.n);
    qrows.push(
      `| ${name} | ${sums.n} | ${method === 'atlas' ? 'atlas query' : 'plain BM25'} | ${fmt(m.r1 / n, 2)} | ${fmt(m.r5 / n, 2)} | ${fmt(m.mrr / n, 2)} | ${fmt(m.b8 / n, 2)} | ${fmt(m.b32 / n, 2)} |`,
    );
  }
}
for (const [label, sums] of Object.entries(groups)) {
  if (sums.n === 0) continue;
  for (const method of ['atlas', 'bm25'] as const) {
    const m = sums[method];
    const n = sums.n;
    qrows.push(
      `| *${label}* | ${n} | ${method === 'atlas' ? 'atlas query' : 'plain BM25'} | ${fmt(m.r1 / n, 2)} | ${fmt(m.r5 / n, 2)} | ${fmt(m.mrr / n, 2)} | ${fmt(m.b8 / n, 2)} | ${fmt(m.b32 / n, 2)} |`,
    );
  }
}
for (const method of ['atlas', 'bm25'] as const) {
  const m = all[method];
  const n = Math.max(1, all.n);
  qrows.push(
    `| **all** | ${all.n} | ${method === 'atlas' ? '**atlas query**' : 'plain BM25'} | ${fmt(m.r1 / n, 2)} | ${fmt(m.r5 / n, 2)} | ${fmt(m.mrr / n, 2)} | ${fmt(m.b8 / n, 2)} | ${fmt(m.b32 / n, 2)} |`,
  );
}

console.log(
  `\n## Long files in the prompt (the answer files over ${PROMPT_FILE_CHARS.toLocaleString('en')} characters, the delivery roles' cap per file; the commit message is the query)\n`,
);
console.log('changed lines shown = the share of the lines a commit changed (in the file before it) that the capped text holds, per file.\n');
console.log(
  '| repository | files | changed lines shown: first characters | changed lines shown: excerpt | every changed line shown: first characters | every changed line shown: excerpt |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of excerptRows) console.log(row);
console.log(excerptRow('**all**', excerptAll));
