/**
 * CODEOWNERS as GitHub reads it: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; each line a
 * gitignore-style pattern and owners; the LAST matching line wins (an owner-less line un-assigns).
 */
import ignore, { type Ignore } from 'ignore';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

interface Rule {
  matcher: Ignore;
  owners: string[];
  /** `docs/*` owns docs' own files only, where gitignore would take the whole tree under docs/. */
  filesOnly: boolean;
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
    const trimmed = pattern.replace(/\/+$/, '');
    const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
    const filesOnly = trimmed.includes('/') && last.includes('*') && !last.includes('**') && !pattern.endsWith('/');
    // GitHub matches CODEOWNERS paths case-sensitively; `ignore` folds case unless told not to.
    rules.push({ matcher: ignore({ ignorecase: false }).add(pattern.replace(/^\\#/, '#')), owners, filesOnly });
  }
  return {
    ownersOf(path: string): string[] {
      for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i] as Rule;
        if (!rule.matcher.ignores(path)) continue;
        const parent = path.includes('/') ? `${path.slice(0, path.lastIndexOf('/'))}/` : null;
        if (rule.filesOnly && parent && rule.matcher.ignores(parent)) continue;
        return [...rule.owners];
      }
      return [];
    },
  };
}
