/**
 * PHP `use` imports to the files of the tree, by composer.json's PSR-4 autoload rules: `App\Models\User` under
 * `"App\\": "app/"` is `app/Models/User.php`, the longest prefix first (`autoload` and `autoload-dev` alike).
 */
import path from 'node:path';
import type { LanguageResolver } from './resolve-java.js';

export const isComposerJson = (file: string): boolean => path.posix.basename(file) === 'composer.json';

interface Psr4 {
  prefix: string;
  dir: string;
}

/** The PSR-4 roots a composer.json declares, as tree folders; none when it is not JSON. */
function psr4Roots(file: string, text: string): Psr4[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const roots: Psr4[] = [];
  const base = path.posix.dirname(file);
  for (const section of ['autoload', 'autoload-dev']) {
    const rules = (json as Record<string, Record<string, unknown> | undefined> | null)?.[section]?.['psr-4'];
    if (!rules || typeof rules !== 'object') continue;
    for (const [prefix, dirs] of Object.entries(rules as Record<string, unknown>))
      for (const dir of (Array.isArray(dirs) ? dirs : [dirs]).filter((d): d is string => typeof d === 'string')) {
        const joined = path.posix.normalize(path.posix.join(base, dir));
        if (!joined.startsWith('..')) roots.push({ prefix: prefix.replace(/\\*$/, ''), dir: joined.replace(/\/$/, '') });
      }
  }
  return roots;
}

export function phpResolver(files: readonly string[], composerJsons: ReadonlyMap<string, string>): LanguageResolver {
  const set = new Set(files);
  const roots = [...composerJsons]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([file, text]) => psr4Roots(file, text))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return (_from, source) => {
    for (const { prefix, dir } of roots) {
      if (prefix !== '' && source !== prefix && !source.startsWith(`${prefix}\\`)) continue;
      const rest = (prefix === '' ? source : source.slice(prefix.length + 1)).split('\\').join('/');
      const file = dir === '.' ? `${rest}.php` : `${dir}/${rest}.php`;
      if (set.has(file)) return [file];
    }
    return [];
  };
}
