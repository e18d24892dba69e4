/** The patch policy: defaults, merging, and path matching with picomatch. */
import picomatch from 'picomatch';
import type { PatchPolicy } from './types.js';

/** Paths no patch may touch, whatever the caller's policy says (it can only add to this list). */
export const DEFAULT_DENY: string[] = [
  '.github/workflows/**',
  // The agents' policy and prompt overrides: a patch must never widen what a later job may do.
  '.github/agents.yml',
  '.github/agents.yaml',
  '.github/agents/**',
  // The repo atlas the flow restores at the root, which every later role reads into its prompt (and the next
  // refresh reuses entries of): a patch that planted one would steer those prompts.
  'repo_atlas.json',
  '**/.git',
  '**/.git/**',
  '**/.env',
  '**/.env.!(example|sample|template|dist)',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.jks',
  '**/*.keystore',
  '**/id_rsa',
  '**/id_dsa',
  '**/id_ecdsa',
  '**/id_ed25519',
  '**/.ssh/**',
  '**/.aws/credentials',
  '**/.npmrc',
  '**/.pypirc',
  '**/.netrc',
  '**/.git-credentials',
];

export interface ResolvedPolicy extends PatchPolicy {
  isAllowed(path: string): boolean;
  isDenied(path: string): boolean;
  isTest(path: string): boolean;
}

/** An optional list of non-empty strings (`what` names them in the error). */
function checkStrings(value: unknown, key: string, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((g) => typeof g !== 'string' || g === '')) {
    throw new TypeError(`patch policy: "${key}" must be an array of ${what}`);
  }
  return value as string[];
}

const checkGlobs = (value: unknown, key: string) => checkStrings(value, key, 'non-empty glob strings');

function checkLimit(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`patch policy: "${key}" must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Matches a path against globs the way picomatch(globs, options) does (a glob equal to the path, or
 * its regular expression), without the result objects picomatch builds per call: paths reaching
 * here are already normalized (relative, '/'-separated), which is all picomatch's formatting does.
 */
function globMatcher(globs: readonly string[], options: picomatch.PicomatchOptions): (path: string) => boolean {
  const literal = new Set(globs);
  const res = globs.map((g) => picomatch.makeRe(g, options));
  // A policy is compiled once and reused for many patches, which touch the same files again and
  // again (an implementer's retries, one repository's hot files): remember the answers.
  const seen = new Map<string, boolean>();
  return (path) => {
    let hit = seen.get(path);
    if (hit === undefined) {
      hit = path !== '' && (literal.has(path) || res.some((re) => re.test(path)));
      if (seen.size >= 10_000) seen.clear();
      seen.set(path, hit);
    }
    return hit;
  };
}

const cache = new Map<string, ResolvedPolicy>();
let defaultPolicy: ResolvedPolicy | undefined;

/** Validates and compiles a policy; compiled globs are cached, since the roles apply many patches. */
export function resolvePolicy(p?: Partial<PatchPolicy>): ResolvedPolicy {
  if (p === undefined) return (defaultPolicy ??= compilePolicy({}));
  const key = JSON.stringify(p);
  const hit = cache.get(key);
  if (hit) return hit;
  const resolved = compilePolicy(p);
  if (cache.size > 50) cache.clear();
  cache.set(key, resolved);
  return resolved;
}

function compilePolicy(p: Partial<PatchPolicy>): ResolvedPolicy {
  if (typeof p !== 'object' || p === null) throw new TypeError('patch policy must be an object');
  const allow = checkGlobs(p.allow, 'allow') ?? ['**'];
  const deny = [...DEFAULT_DENY, ...(checkGlobs(p.deny, 'deny') ?? [])];
  const testsOnly = checkGlobs(p.testsOnly, 'testsOnly');
  // Denials are matched case-insensitively: on a case-insensitive disk .GIT/config is .git/config.
  const denied = globMatcher(deny, { dot: true, nocase: true });
  const allowed = globMatcher(allow, { dot: true });
  const test = testsOnly ? globMatcher(testsOnly, { dot: true }) : () => true;
  return {
    allow,
    deny,
    testsOnly,
    maxChangedLines: checkLimit(p.maxChangedLines, 'maxChangedLines'),
    maxFiles: checkLimit(p.maxFiles, 'maxFiles'),
    maxDeletedLines: checkLimit(p.maxDeletedLines, 'maxDeletedLines'),
    maxDeletedFiles: checkLimit(p.maxDeletedFiles, 'maxDeletedFiles'),
    shownInPart: checkStrings(p.shownInPart, 'shownInPart', 'non-empty paths'),
    isAllowed: (path) => allowed(path),
    isDenied: (path) => denied(path),
    isTest: (path) => test(path),
  };
}
