import path from 'node:path';

/** Whether `file` (absolute) is `root` itself or lies under it, compared as resolved paths. */
export function isWithin(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
