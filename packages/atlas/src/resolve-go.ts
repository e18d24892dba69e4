/**
 * Go imports to the files of the tree: an import path under a go.mod's module (`github.com/spf13/cobra/doc`) is
 * that folder of the module, and a package is all its non-test files. The longest module path wins (nested modules).
 */
import path from 'node:path';
import type { LanguageResolver } from './resolve.js';

export const isGoMod = (file: string): boolean => path.posix.basename(file) === 'go.mod';

/** The module path a go.mod declares, or null. */
export function goModule(text: string): string | null {
  return /^\s*module\s+"?([^\s"]+)"?\s*$/m.exec(text)?.[1] ?? null;
}

export function goResolver(files: readonly string[], goMods: ReadonlyMap<string, string>): LanguageResolver {
  const modules = [...goMods]
    .map(([file, text]) => ({ dir: path.posix.dirname(file), module: goModule(text) }))
    .filter((m): m is { dir: string; module: string } => m.module !== null)
    .sort((a, b) => b.module.length - a.module.length || (a.dir < b.dir ? -1 : 1));
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
    const dir = path.posix.dirname(file);
    const list = byFolder.get(dir);
    if (list) list.push(file);
    else byFolder.set(dir, [file]);
  }
  return (_from, source) => {
    const owner = modules.find(({ module }) => source === module || source.startsWith(`${module}/`));
    if (!owner) return [];
    const folder = path.posix.join(owner.dir, source.slice(owner.module.length + 1) || '.');
    return byFolder.get(folder === '' ? '.' : folder) ?? [];
  };
}
