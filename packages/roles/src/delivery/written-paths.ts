import type { AppliedFile } from '@eternia/patch';

/** Every path an applied patch wrote: added, changed and deleted files, and both ends of a rename; sorted, once each. */
export function writtenPaths(files: readonly AppliedFile[]): string[] {
  return [...new Set(files.flatMap((f) => [f.path, ...(f.from ? [f.from] : [])]))].sort();
}
