/**
 * Policy checks that need no file contents: path syntax (no absolute paths, no `..`), allowed and
 * denied globs, tests-only mode, and the size limits. Symlinks are checked by fs-workspace.ts.
 */
import type { Refusal } from './types.js';
import type { ResolvedPolicy } from './policy.js';

/** A patch path made relative and canonical, or the reason it cannot be. */
export function normalizePatchPath(raw: string): { path: string } | { refusal: Refusal } {
  const bad = (reason: Refusal['reason'], why: string): { refusal: Refusal } => ({
    refusal: { file: raw, reason, message: `path ${JSON.stringify(raw)} ${why}` },
  });
  if (raw === '') return bad('parse-error', 'is empty');
  if (/[\u0000-\u001f\u007f]/.test(raw)) return bad('parse-error', 'contains control characters');
  if (raw.startsWith('/') || raw.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(raw)) {
    return bad('outside-workspace', 'is absolute; paths must be relative to the repository root');
  }
  const parts = raw.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..')) return bad('outside-workspace', "contains '..'; paths must stay inside the repository");
  if (parts.length === 0) return bad('parse-error', 'names no file');
  return { path: parts.join('/') };
}

/** Allowed, denied and tests-only globs for one path the patch touches. */
export function checkPathPolicy(path: string, policy: ResolvedPolicy, what = 'path'): Refusal | undefined {
  if (policy.isDenied(path)) {
    return {
      file: path,
      reason: 'denied-path',
      message: `${what} ${path} is denied by policy (protected paths such as .github/workflows/**, .git/** and secrets files are never patched)`,
    };
  }
  if (!policy.isAllowed(path)) {
    return { file: path, reason: 'denied-path', message: `${what} ${path} is outside the allowed paths (${policy.allow.join(', ')})` };
  }
  if (!policy.isTest(path)) {
    return {
      file: path,
      reason: 'tests-only',
      message: `${what} ${path} is not a test file; this patch may only touch ${(policy.testsOnly ?? []).join(', ')}`,
    };
  }
  return undefined;
}

export interface PatchTotals {
  files: number;
  added: number;
  removed: number;
  deletedFiles: number;
}

export function checkLimits(t: PatchTotals, policy: ResolvedPolicy): Refusal[] {
  const out: Refusal[] = [];
  const changed = t.added + t.removed;
  if (policy.maxChangedLines !== undefined && changed > policy.maxChangedLines) {
    out.push({
      reason: 'too-large',
      message: `the patch changes ${changed} lines (${t.added} added, ${t.removed} removed); the limit is ${policy.maxChangedLines}. Split the change into smaller patches`,
    });
  }
  if (policy.maxFiles !== undefined && t.files > policy.maxFiles) {
    out.push({ reason: 'too-large', message: `the patch touches ${t.files} files; the limit is ${policy.maxFiles}` });
  }
  if (policy.maxDeletedLines !== undefined && t.removed > policy.maxDeletedLines) {
    out.push({ reason: 'mass-deletion', message: `the patch removes ${t.removed} lines; the limit is ${policy.maxDeletedLines}` });
  }
  if (policy.maxDeletedFiles !== undefined && t.deletedFiles > policy.maxDeletedFiles) {
    out.push({ reason: 'mass-deletion', message: `the patch deletes ${t.deletedFiles} files; the limit is ${policy.maxDeletedFiles}` });
  }
  return out;
}
