import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { agentBranchName, branchSlug, isValidBranchName, isValidRefName, refNameProblem } from '@eternia/git';
import { ConfigurationError } from '@eternia/core';
import { runSync } from '@eternia/testkit/process';

// Run git outside any repository so `--branch` cannot expand @{-1} against some checkout.
let outside: string;
beforeAll(() => {
  outside = mkdtempSync(join(tmpdir(), 'crf-'));
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

function gitAccepts(args: string[]): boolean {
  const r = runSync('git', ['check-ref-format', ...args], {
    cwd: outside,
    env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return r.status === 0;
}

// Mostly ordinary pieces, with the ones git's rules are about mixed in, so both verdicts are common.
const ordinary = fc.constantFrom('a', 'b', 'x1', '-', '_', '/', '.', '@', 'é', '{', '}');
const tricky = fc.constantFrom('..', '.lock', '@{', '//', ' ', '~', '^', ':', '?', '*', '[', '\\', '\t', '\u007f', 'HEAD');
const refLike = fc
  .array(fc.oneof({ arbitrary: ordinary, weight: 8 }, { arbitrary: tricky, weight: 1 }), { maxLength: 10 })
  .map((parts) => parts.join(''));
// git would read a leading '-' as an option of check-ref-format itself, so full refs never start with one.
const fullRefLike = fc
  .tuple(fc.boolean(), refLike)
  .map(([prefixed, name]) => (prefixed ? `refs/heads/${name}` : name))
  .filter((name) => !name.startsWith('-'));

describe('branchSlug', () => {
  test.each([
    ['Fix login bug', 'fix-login-bug'],
    ['  Crème brûlée: été à Noël!  ', 'creme-brulee-ete-a-noel'],
    ['Straße Æther Øre Łódź', 'strasse-aether-ore-lodz'],
    ['', 'untitled'],
    ['🚀🔥', 'untitled'],
    ['日本語のタイトル', 'untitled'],
    ['release v1.2.3 .lock @{-1} ..', 'release-v1-2-3-lock-1'],
    ['feature/sub..path.lock', 'feature-sub-path-lock'],
    ['ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ', 'fullwidth-text'],
  ])('%j -> %j', (title, slug) => {
    expect(branchSlug(title)).toBe(slug);
  });

  test('cuts long titles at a word boundary', () => {
    const slug = branchSlug('Add retry and throttling to every GitHub request the supervisor makes');
    expect(slug).toBe('add-retry-and-throttling-to-every-github');
    expect(slug.length).toBeLessThanOrEqual(40);
  });

  test('cuts mid-word when no boundary is near the end', () => {
    const slug = branchSlug('a'.repeat(25) + ' ' + 'b'.repeat(30));
    expect(slug).toBe('a'.repeat(25));
    expect(branchSlug('x'.repeat(100))).toBe('x'.repeat(40));
    expect(branchSlug('ab ' + 'c'.repeat(60))).toBe('ab-' + 'c'.repeat(37));
  });

  test('keeps an exact 40-character slug whole', () => {
    const title = 'abcd-'.repeat(7) + 'abcde'; // 40 characters
    expect(branchSlug(title + ' more words')).toBe(title);
  });

  test('properties: short, safe, stable, valid as a branch for any title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (title) => {
        const slug = branchSlug(title);
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(40);
        expect(branchSlug(title)).toBe(slug);
        expect(isValidBranchName(slug)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('agentBranchName', () => {
  test('agent/<n>-<slug>', () => {
    expect(agentBranchName(42, 'Make the thing faster')).toBe('agent/42-make-the-thing-faster');
    expect(agentBranchName(7, '')).toBe('agent/7-untitled');
  });

  test.each([0, -1, 1.5, Number.NaN])('refuses issue number %p', (n) => {
    expect(() => agentBranchName(n, 'x')).toThrow(ConfigurationError);
    expect(() => agentBranchName(n, 'x')).toThrow(/issue number/);
  });

  test('real git accepts every agent branch name', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.string({ unit: 'grapheme-composite', maxLength: 80 }), (n, title) => {
        expect(gitAccepts(['--branch', agentBranchName(n, title)])).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('ref-format rules agree with git check-ref-format', () => {
  test.each([
    ['@', true],
    ['-a', false],
    ['HEAD', false],
    ['a/HEAD', true],
    ['a..b', false],
    ['a/.b', false],
    ['a.lock', false],
    ['a/b.lock/c', false],
    ['a b', false],
    ['a//b', false],
    ['/a', false],
    ['a/', false],
    ['a.', false],
    ['a\\b', false],
    ['x@', true],
    ['a@{b', false],
    ['é', true],
    ['', false],
  ])('--branch %j -> %p', (name, ok) => {
    expect(isValidBranchName(name)).toBe(ok);
    expect(gitAccepts(['--branch', name])).toBe(ok);
  });

  // Both verdicts must show up, or the comparison proves nothing.
  test.each([
    ['--branch', refLike, (name: string) => isValidBranchName(name), (name: string) => ['--branch', name]],
    ['full refs', fullRefLike, (name: string) => isValidRefName(name), (name: string) => [name]],
  ] as const)('random names: %s', (_label, names, ours, args) => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(names, (name) => {
        const verdict = gitAccepts(args(name));
        seen[verdict ? 'valid' : 'invalid']++;
        expect(ours(name)).toBe(verdict);
      }),
      { numRuns: 150 },
    );
    expect(seen.valid).toBeGreaterThan(10);
    expect(seen.invalid).toBeGreaterThan(10);
  });

  test('explains the problem', () => {
    expect(refNameProblem('refs/heads/a..b')).toMatch(/'\.\.'/);
    expect(refNameProblem('refs/heads/x.lock')).toMatch(/\.lock/);
    expect(refNameProblem('refs/heads/ok')).toBeNull();
  });
});
