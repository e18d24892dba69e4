/**
 * `eternia-agents apply-patch --cwd DIR --patch FILE [--check] [--json]`
 * Exit 0: applied (or would apply, with --check); 1: refused; 2: usage error.
 */
import fs from 'node:fs';
import { applyPatch, decodeText } from './engine.js';
import { formatRefusals } from './report.js';
import type { PatchPolicy } from './types.js';

export const USAGE = `usage: eternia-agents apply-patch --cwd DIR --patch FILE|- [--check] [--json]
       [--allow GLOB]... [--deny GLOB]... [--tests-only GLOB]...
       [--max-changed-lines N] [--max-files N] [--max-deleted-lines N] [--max-deleted-files N]
  exit 0 = applied, 1 = refused (nothing changed), 2 = usage error`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return decodeText(Buffer.concat(chunks)).text;
  },
};

class UsageError extends Error {}

interface Args {
  cwd?: string;
  patch?: string;
  check: boolean;
  json: boolean;
  policy: Partial<PatchPolicy>;
}

const LIMITS: Record<string, keyof PatchPolicy> = {
  '--max-changed-lines': 'maxChangedLines',
  '--max-files': 'maxFiles',
  '--max-deleted-lines': 'maxDeletedLines',
  '--max-deleted-files': 'maxDeletedFiles',
};
const GLOBS: Record<string, 'allow' | 'deny' | 'testsOnly'> = { '--allow': 'allow', '--deny': 'deny', '--tests-only': 'testsOnly' };

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { check: false, json: false, policy: {} };
  const rest = argv[0] === 'apply-patch' ? argv.slice(1) : argv;
  if (argv.length > 0 && argv[0] !== 'apply-patch' && !argv[0]?.startsWith('-')) throw new UsageError(`unknown command ${JSON.stringify(argv[0])}`);
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i] as string;
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${k} needs a value`);
      return v;
    };
    if (k === '--cwd') a.cwd = value();
    else if (k === '--patch') a.patch = value();
    else if (k === '--check') a.check = true;
    else if (k === '--json') a.json = true;
    else if (k in GLOBS) {
      const key = GLOBS[k] as 'allow' | 'deny' | 'testsOnly';
      (a.policy[key] ??= []).push(value());
    } else if (k in LIMITS) {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v)) throw new UsageError(`${k} must be a non-negative integer, got ${JSON.stringify(v)}`);
      (a.policy as Record<string, number>)[LIMITS[k] as string] = n;
    } else throw new UsageError(`unknown option ${JSON.stringify(k)}`);
  }
  if (!a.cwd) throw new UsageError('--cwd is required');
  if (!a.patch) throw new UsageError('--patch is required');
  return a;
}

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`apply-patch: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  let text: string;
  try {
    // A patch of a legacy (non-UTF-8) file carries its raw bytes: read it byte for byte then.
    text = args.patch === '-' ? await io.readStdin() : decodeText(fs.readFileSync(args.patch as string)).text;
  } catch (e) {
    io.stderr(`apply-patch: cannot read --patch ${JSON.stringify(args.patch)}: ${(e as Error).message}\n`);
    return 2;
  }
  let report;
  try {
    report = await applyPatch({ cwd: args.cwd as string, patch: text, policy: args.policy, check: args.check });
  } catch (e) {
    if (e instanceof TypeError) {
      io.stderr(`apply-patch: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else if (report.ok) {
    const verb = args.check ? 'would apply' : 'applied';
    for (const f of report.files) {
      const how = [...new Set(f.hunks.map((h) => h.strategy))].join(', ');
      io.stdout(`${verb}: ${f.action} ${f.from ? `${f.from} -> ` : ''}${f.path} (+${f.added} -${f.removed}${how ? `; ${how}` : ''})\n`);
    }
  } else io.stderr(formatRefusals(report) + '\n');
  return report.ok ? 0 : 1;
}

/** Runs the CLI on process.argv and sets the exit code; the entry point of a bundle. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    process.stderr.write(`apply-patch: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  }
}
