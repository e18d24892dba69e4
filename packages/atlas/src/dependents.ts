/**
 * Which files use the files a change touches, from the atlas's reference graph: what a reviewer checks for
 * breakage beyond the diff (callers, and the tests that import the changed code).
 */
import type { Atlas } from './schema.js';
import { estimateTokens, type CountTokens } from './token-count.js';

export interface Dependent {
  path: string;
  /** The names it imports from the changed file (empty for a whole-module import). */
  names: string[];
}

export interface ChangedFileUsers {
  path: string;
  /** Most central first (graph rank), then by path. */
  users: Dependent[];
}

export interface DependentsOptions {
  /** Files that may be named; the others are left out as if absent (a denied path is never shown). */
  visible?: (path: string) => boolean;
}

/** For each changed file the atlas knows, the other files that import it; changed files without users are left out. */
export function dependentsOf(atlas: Atlas, changed: readonly string[], options: DependentsOptions = {}): ChangedFileUsers[] {
  const visible = options.visible ?? (() => true);
  const rank = new Map(atlas.files.map((f) => [f.path, f.rank]));
  const wanted = new Set(changed.filter((p) => rank.has(p) && visible(p)));
  const users = new Map<string, Map<string, Set<string>>>();
  for (const edge of atlas.edges) {
    if (!wanted.has(edge.to) || edge.from === edge.to || !visible(edge.from)) continue;
    let byUser = users.get(edge.to);
    if (!byUser) users.set(edge.to, (byUser = new Map()));
    let names = byUser.get(edge.from);
    if (!names) byUser.set(edge.from, (names = new Set()));
    for (const name of edge.names) names.add(name);
  }
  return [...wanted]
    .filter((p) => users.has(p))
    .map((path) => ({
      path,
      users: [...(users.get(path) as Map<string, Set<string>>)]
        .map(([user, names]) => ({ path: user, names: [...names].sort() }))
        .sort((a, b) => (rank.get(b.path) ?? 0) - (rank.get(a.path) ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    }));
}

const MAX_NAMES = 8;

/**
 * The users as text within `tokenBudget`: a line per changed file, then one per user with the names it imports;
 * a list cut short says how many users it left out.
 */
export function renderDependents(
  changed: readonly ChangedFileUsers[],
  tokenBudget: number,
  countTokens: CountTokens = estimateTokens,
): { text: string; tokens: number } {
  const lines: string[] = [];
  let used = 0;
  const fits = (line: string) => used + countTokens(`${line}\n`) <= tokenBudget;
  const add = (line: string) => {
    lines.push(line);
    used += countTokens(`${line}\n`);
  };
  for (const file of changed) {
    const header = `${file.path} is imported by ${file.users.length} file(s):`;
    if (!fits(header)) break;
    add(header);
    for (const [i, user] of file.users.entries()) {
      const names = user.names.length > MAX_NAMES ? [...user.names.slice(0, MAX_NAMES), '…'] : user.names;
      const line = `  ${user.path}${names.length ? `: ${names.join(', ')}` : ''}`;
      const rest = file.users.length - i - 1;
      // A list cut short must still say how many users it leaves out.
      const need = countTokens(`${line}\n`) + (rest > 0 ? countTokens(`  … ${rest} more\n`) : 0);
      if (used + need > tokenBudget) {
        const more = `  … ${rest + 1} more`;
        if (fits(more)) add(more);
        break;
      }
      add(line);
    }
  }
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  return { text, tokens: text ? countTokens(text) : 0 };
}
