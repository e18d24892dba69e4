/**
 * Rust paths to the files of the tree: `crate::a::b` from the crate's `src/` (the nearest Cargo.toml up),
 * `self::` and `super::` from the importing module, each as `a/b.rs` or `a/b/mod.rs`, the longest that exists
 * (`crate::config::Config` names an item of `config.rs`); a name of a `use` list that is a module counts too.
 * `mod x;` is recorded by the extractor as `self::x`.
 */
import path from 'node:path';
import type { LanguageResolver } from './resolve-java.js';

export function rustResolver(files: readonly string[]): LanguageResolver {
  const set = new Set(files);
  const crates = files.filter((file) => path.posix.basename(file) === 'Cargo.toml').map((file) => path.posix.dirname(file));
  const crateSrc = (from: string): string | null => {
    let best: string | null = null;
    for (const dir of crates) if ((dir === '.' || from.startsWith(`${dir}/`)) && (best === null || dir.length > best.length)) best = dir;
    return best === null ? null : best === '.' ? 'src' : `${best}/src`;
  };
  /** The folder a module's children live in: `src/a/mod.rs`, `src/lib.rs` → their folder; `src/a/b.rs` → src/a/b. */
  const moduleDir = (file: string): string => {
    const dir = path.posix.dirname(file);
    const stem = path.posix.basename(file, '.rs');
    return ['mod', 'lib', 'main'].includes(stem) ? dir : `${dir}/${stem}`;
  };
  const moduleFile = (dir: string, segments: readonly string[]): string | null => {
    for (let n = segments.length; n >= 1; n--) {
      const stem = [dir, ...segments.slice(0, n)].filter((s) => s !== '' && s !== '.').join('/');
      for (const candidate of [`${stem}.rs`, `${stem}/mod.rs`]) if (set.has(candidate)) return candidate;
    }
    return null;
  };
  const start = (from: string, segments: string[]): { dir: string; rest: string[] } | null => {
    if (segments[0] === 'crate') {
      const src = crateSrc(from);
      return src === null ? null : { dir: src, rest: segments.slice(1) };
    }
    let dir = moduleDir(from);
    let rest = segments;
    if (rest[0] === 'self') rest = rest.slice(1);
    else if (rest[0] !== 'super') return null; // another crate (`std::`, `regex::`)
    while (rest[0] === 'super') {
      dir = path.posix.dirname(dir);
      rest = rest.slice(1);
    }
    return { dir, rest };
  };
  return (from, source, names) => {
    const base = start(from, source.split('::'));
    if (!base) return [];
    const found = new Set<string>();
    const target = base.rest.length > 0 ? moduleFile(base.dir, base.rest) : null;
    if (target) found.add(target);
    for (const name of names) {
      const sub = moduleFile(base.dir, [...base.rest, name]);
      if (sub && sub !== target) found.add(sub);
    }
    return [...found].sort();
  };
}
