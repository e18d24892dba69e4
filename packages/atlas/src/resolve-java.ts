/**
 * Java imports to the files of the tree: `com.x.Gson` is the file ending in `com/x/Gson.java`, under whatever
 * source folder (`src/main/java/`); a static or nested import (`com.x.Gson.Builder`) is its outermost class's
 * file; `com.x.*` is every file of that package's folders.
 */
import path from 'node:path';
import type { LanguageResolver } from './resolve.js';

function add(map: Map<string, string[]>, key: string, file: string): void {
  const list = map.get(key);
  if (list) list.push(file);
  else map.set(key, [file]);
}

export function javaResolver(files: readonly string[]): LanguageResolver {
  const byName = new Map<string, string[]>();
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    if (!file.endsWith('.java')) continue;
    add(byName, path.posix.basename(file), file);
    add(byFolder, path.posix.dirname(file), file);
  }
  const endsWith = (file: string, tail: string) => file === tail || file.endsWith(`/${tail}`);
  return (_from, source) => {
    const parts = source.split('.');
    if (parts[parts.length - 1] === '*') {
      const tail = parts.slice(0, -1).join('/');
      return [...byFolder].filter(([dir]) => endsWith(dir, tail)).flatMap(([, list]) => list);
    }
    // The longest prefix that names a file: a class, or the class a static member or nested class is in.
    for (let n = parts.length; n >= 2; n--) {
      const tail = `${parts.slice(0, n).join('/')}.java`;
      const found = (byName.get(`${parts[n - 1]}.java`) ?? []).filter((file) => endsWith(file, tail));
      if (found.length > 0) return found;
    }
    return [];
  };
}
