/**
 * CODEOWNERS as GitHub reads it: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; each line a
 * gitignore-style pattern and owners; the LAST matching line wins (an owner-less line un-assigns).
 */
import ignore, { type Ignore } from 'ignore';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

interface Rule {
  matcher: Ignore;
  owners: string[];
}

export interface Codeowners {
  ownersOf(path: string): string[];
}

export function parseCodeowners(text: string): Codeowners {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    // GitHub does not support `!` negation or `[ ]` ranges in CODEOWNERS; such a line matches nothing.
    if (!pattern || pattern.startsWith('!') || /[[\]]/.test(pattern)) continue;
    rules.push({ matcher: ignore().add(pattern.replace(/^\\#/, '#')), owners });
  }
  return {
    ownersOf(path: string): string[] {
      for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i] as Rule;
        if (rule.matcher.ignores(path)) return [...rule.owners];
      }
      return [];
    },
  };
}
