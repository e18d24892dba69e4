/**
 * `eternia-agents atlas build [--dir D] [--out F] [--stat-cache C] [--jobs N]` and
 * `eternia-agents atlas query "text" [--dir D] [--budget N] [--json] [--map] [--jobs N]`.
 * Exit 0: done; 2: usage or input error (the message names the flag or file).
 */
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { ATLAS_FILE, writeAtlasFile } from './atlas-file.js';
import { buildAtlas } from './build.js';
import { readAtlasLazily } from './previous-atlas.js';
import { select } from './select.js';
import { loadTokenCounter } from './token-count.js';

export const ATLAS_USAGE = `usage: eternia-agents atlas build [--dir DIR] [--out FILE] [--stat-cache CACHE] [--jobs N]
       eternia-agents atlas query "TEXT" [--dir DIR] [--atlas FILE] [--budget TOKENS] [--json] [--map] [--jobs N]
  build   writes DIR/${ATLAS_FILE} (or FILE), reusing the entries of unchanged files from the one already there;
          files whose size, inode and times CACHE remembers (default: one per FILE in ~/.cache/eternia-atlas) are not read
  query   ranks the files of DIR for TEXT, best first, within TOKENS (default 4000) of map; uses DIR/${ATLAS_FILE}
          (or FILE) when present, else builds the atlas in memory
  --jobs  threads that parse files (default: one per core, at most 8)
  exit 0 = done, 2 = usage or input error`;

export interface AtlasCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Wall clock in ms (tests inject one); see BuildOptions.clock. */
  clock?: () => number;
  /** Where build keeps stat caches when --stat-cache names none; by default the user's cache folder (userCacheDir). */
  cacheDir?: string;
}

/**
 * $XDG_CACHE_HOME/eternia-atlas, or ~/.cache/eternia-atlas: the user's own, not the shared temp folder, where another
 * account could plant a cache whose hashes would pick which previous entries are reused.
 */
export function userCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'eternia-atlas');
}

/** The stat cache of the atlas at `out` when none is named: outside the tree, so it never shows up in a checkout. */
export function defaultStatCache(out: string, cacheDir: string = userCacheDir()): string {
  return path.join(cacheDir, `${createHash('sha256').update(out).digest('hex').slice(0, 16)}.stat`);
}

class UsageError extends Error {}

interface Flags {
  positional: string[];
  values: Map<string, string>;
  switches: Set<string>;
}

function parseFlags(argv: readonly string[], valued: readonly string[], switches: readonly string[]): Flags {
  const flags: Flags = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (valued.includes(arg)) {
      const value = argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${arg} needs a value`);
      flags.values.set(arg, value);
    } else if (switches.includes(arg)) flags.switches.add(arg);
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else flags.positional.push(arg);
  }
  return flags;
}

/** The parse workers beside the building thread for --jobs, or the default. */
function parseWorkers(flags: Flags): { parseWorkers?: number } {
  const jobs = flags.values.get('--jobs');
  if (jobs === undefined) return {};
  if (!/^\d+$/.test(jobs) || Number(jobs) < 1 || Number(jobs) > 64)
    throw new UsageError(`--jobs must be an integer from 1 to 64, got ${JSON.stringify(jobs)}`);
  return { parseWorkers: Number(jobs) - 1 };
}

async function directory(flags: Flags, cwd: string): Promise<string> {
  const dir = path.resolve(cwd, flags.values.get('--dir') ?? '.');
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`--dir ${JSON.stringify(flags.values.get('--dir') ?? '.')} is not a directory`);
  return dir;
}

export async function runAtlasCli(argv: readonly string[], io: AtlasCliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === 'build') {
      const flags = parseFlags(rest, ['--dir', '--out', '--stat-cache', '--jobs'], []);
      const workers = parseWorkers(flags);
      if (flags.positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(flags.positional[0])}`);
      const dir = await directory(flags, io.cwd);
      const out = path.resolve(io.cwd, flags.values.get('--out') ?? path.join(dir, ATLAS_FILE));
      const named = flags.values.get('--stat-cache');
      const statCache = named ? path.resolve(io.cwd, named) : defaultStatCache(out, io.cacheDir);
      if (!named) await mkdir(path.dirname(statCache), { recursive: true }).catch(() => undefined); // unwritable: no cache saved, only time lost
      const previous = await readAtlasLazily(out).catch((error: Error) => {
        io.stderr(`atlas: ${error.message}; building from scratch\n`);
        return null;
      });
      const { atlas, stats } = await buildAtlas({ dir, previous, statCache, ...workers, ...(io.clock && { clock: io.clock }) });
      await writeAtlasFile(out, atlas).catch((error: Error) => {
        throw new UsageError(`--out ${JSON.stringify(out)}: ${error.message}`);
      });
      io.stdout(
        `atlas: ${stats.files} files (${stats.parsed} parsed${stats.parsedInWorkers ? `, ${stats.parsedInWorkers} of them by worker threads` : ''}, ${stats.reused} reused), ${stats.read} read, ${atlas.edges.length} references → ${out}\n`,
      );
      return 0;
    }
    if (command === 'query') {
      const flags = parseFlags(rest, ['--dir', '--budget', '--atlas', '--jobs'], ['--json', '--map']);
      const workers = parseWorkers(flags);
      if (flags.positional.length !== 1 || (flags.positional[0] as string).trim() === '') {
        throw new UsageError(
          flags.positional.length > 1
            ? `query takes one TEXT argument; quote it (got ${flags.positional.length})`
            : 'query needs the TEXT to search for',
        );
      }
      const budgetText = flags.values.get('--budget') ?? '4000';
      if (!/^\d+$/.test(budgetText) || Number(budgetText) <= 0)
        throw new UsageError(`--budget must be a positive integer, got ${JSON.stringify(budgetText)}`);
      const dir = await directory(flags, io.cwd);
      const atlasPath = flags.values.get('--atlas');
      const file = atlasPath ? path.resolve(io.cwd, atlasPath) : path.join(dir, ATLAS_FILE);
      const stored = await readAtlasLazily(file);
      if (atlasPath && !stored) throw new UsageError(`--atlas ${JSON.stringify(atlasPath)} does not exist`);
      const atlas = stored ?? (await buildAtlas({ dir, ...workers })).atlas;
      const selection = select(atlas, flags.positional[0] as string, Number(budgetText), { countTokens: await loadTokenCounter() });
      if (flags.switches.has('--json')) io.stdout(`${JSON.stringify(selection.files)}\n`);
      else if (flags.switches.has('--map')) io.stdout(selection.text);
      else io.stdout(selection.files.map((f) => `${f.path}\n`).join(''));
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(`${ATLAS_USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown atlas command ${JSON.stringify(command)}`);
  } catch (error) {
    const err = error as Error;
    if (error instanceof UsageError) io.stderr(`atlas: ${err.message}\n${ATLAS_USAGE}\n`);
    else if (err.name === 'ConfigurationError' || (err as { kind?: string }).kind === 'configuration') io.stderr(`atlas: ${err.message}\n`);
    else throw error;
    return 2;
  }
}
