import picomatch from 'picomatch';
import type { Policy } from '@eternia/core';

/**
 * Why a path the model named cannot be part of the plan, or null when it can. The patch engine enforces the
 * same allow/deny globs when diffs are applied; here they keep the plan from promising what cannot be done.
 */
export type PathCheck = (path: string) => string | null;

export function planPathCheck(policy: Pick<Policy, 'paths'>): PathCheck {
  const allowed = picomatch(policy.paths.allow, { dot: true });
  // Case-insensitive like the patch engine: on a case-insensitive disk .GITHUB/workflows is .github/workflows.
  const denyMatchers = policy.paths.deny.map((glob) => ({ glob, test: picomatch(glob, { dot: true, nocase: true }) }));
  return (path) => {
    const shape = pathShapeProblem(path);
    if (shape) return shape;
    const denied = denyMatchers.find((m) => m.test(path));
    if (denied) return `denied by the policy (${denied.glob})`;
    if (!allowed(path)) return `outside the policy's allowed paths (${policy.paths.allow.join(', ')})`;
    return null;
  };
}

/** A repository-relative path with forward slashes and no way out of the repository. */
function pathShapeProblem(path: string): string | null {
  if (path.trim() === '') return 'an empty path';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains control characters';
  if (path.includes('\\')) return 'uses backslashes (paths use forward slashes)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute (paths are relative to the repository root)';
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'is not a normalised repository path';
  return null;
}

/** Strips what models commonly add around a path (`./`, surrounding backticks or spaces) before it is checked. */
export function normalisePlanPath(path: string): string {
  return path
    .trim()
    .replace(/^`+|`+$/g, '')
    .trim()
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
}
