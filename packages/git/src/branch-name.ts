import { ConfigurationError } from '@eternia/core';
import { branchNameProblem } from './ref-format.js';

const MAX_SLUG = 40;
// A word boundary this far into the slug or later is worth cutting at; earlier we cut mid-word.
const MIN_WORD_CUT = 20;

// Letters NFKD does not decompose into ASCII.
const TRANSLITERATION: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
};

/**
 * A branch-safe slug of an issue title: lower-case ASCII letters, digits and single dashes,
 * at most 40 characters (cut at a word boundary when one is near the end), 'untitled' when nothing is left.
 * Only [a-z0-9-] survive, so '..', '.lock', '@{' and trailing '.' cannot occur.
 */
export function branchSlug(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\x00-\x7f]/g, (ch) => TRANSLITERATION[ch] ?? '-');
  const dashed = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (dashed === '') return 'untitled';
  if (dashed.length <= MAX_SLUG) return dashed;
  // dashed[MAX_SLUG] === '-' means the first MAX_SLUG characters end exactly on a word.
  const head = dashed.slice(0, MAX_SLUG + 1);
  const cut = head.lastIndexOf('-');
  const slug = cut >= MIN_WORD_CUT ? head.slice(0, cut) : dashed.slice(0, MAX_SLUG);
  return slug.replace(/-+$/, '');
}

/** `agent/<issue>-<slug>`: the branch the supervisor opens for an issue. */
export function agentBranchName(issueNumber: number, title: string): string {
  if (!Number.isSafeInteger(issueNumber) || issueNumber < 1) {
    throw new ConfigurationError(`must be a positive integer, got ${String(issueNumber)}`, 'issue number');
  }
  const name = `agent/${issueNumber}-${branchSlug(title)}`;
  const problem = branchNameProblem(name);
  // Unreachable by construction; kept so a future change to branchSlug cannot produce a bad ref silently.
  if (problem) throw new ConfigurationError(`branch name ${JSON.stringify(name)} ${problem}`, 'issue title');
  return name;
}
