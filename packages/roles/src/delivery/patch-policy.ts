/**
 * The patch engine's policy for each delivery role, from the repository policy. Implement also
 * protects the tests write-tests added: they are denied by exact path, and those refusals are
 * reworded so the model learns why (tests-first), not just that the path is denied.
 */
import type { Policy } from '@eternia/core';
import type { PatchPolicy, PatchReport } from '@eternia/patch';

export function patchPolicyFor(
  policy: Policy,
  opts: { testsOnly?: boolean; protectedFiles?: readonly string[]; extraDeny?: readonly string[]; shownInPart?: readonly string[] } = {},
): PatchPolicy {
  return {
    ...(opts.shownInPart?.length ? { shownInPart: [...opts.shownInPart] } : {}),
    allow: [...policy.paths.allow],
    deny: [...policy.paths.deny, ...(opts.extraDeny ?? []), ...(opts.protectedFiles ?? []).map(literalGlob)],
    ...(opts.testsOnly ? { testsOnly: [...policy.paths.tests] } : {}),
    maxChangedLines: policy.limits['max-patch-lines'],
    maxFiles: policy.limits['max-files'],
    maxDeletedLines: policy.limits['max-deleted-lines'],
    maxDeletedFiles: policy.limits['max-deleted-files'],
  };
}

/**
 * Paths the scribe never writes, whatever `paths.docs` says: dot-folders and dotfiles (tool configuration such as
 * `.github/`, `.vitepress/`) and the instruction files other coding agents read. A model steered by the change's
 * code could otherwise plant instructions for the next agent in a file that only looks like documentation.
 */
export const DOCS_BUILTIN_DENY: readonly string[] = ['**/.*', '**/.*/**', '**/AGENTS.md', '**/CLAUDE.md', '**/GEMINI.md'];

/**
 * The patch engine's policy for docs patches (the scribe's, and publish re-applying them): only `paths.docs` may be
 * written, `paths.deny` and DOCS_BUILTIN_DENY win, and the repository's size limits hold.
 */
export function docsPatchPolicy(policy: Policy, shownInPart: readonly string[] = []): PatchPolicy {
  return {
    ...(shownInPart.length ? { shownInPart: [...shownInPart] } : {}),
    allow: [...policy.paths.docs],
    deny: [...policy.paths.deny, ...DOCS_BUILTIN_DENY],
    maxChangedLines: policy.limits['max-patch-lines'],
    maxFiles: policy.limits['max-files'],
    maxDeletedLines: policy.limits['max-deleted-lines'],
    maxDeletedFiles: policy.limits['max-deleted-files'],
  };
}

/** A glob that matches exactly this path (picomatch's special characters escaped). */
export function literalGlob(file: string): string {
  return file.replace(/[\\*?[\]{}()!+@|^$]/g, (c) => `\\${c}`);
}

/** Refusals of protected test files, reworded to say they are the tests of this change. */
export function explainProtected(report: PatchReport, protectedFiles: readonly string[]): PatchReport {
  if (report.ok) return report;
  const guarded = new Set(protectedFiles.map((f) => f.toLowerCase()));
  return {
    ok: false,
    refusals: report.refusals.map((r) =>
      r.reason === 'denied-path' && r.file !== undefined && guarded.has(r.file.toLowerCase())
        ? {
            ...r,
            message: `${r.file} holds the tests written first for this change (tests-first): it may not be edited, renamed or deleted. Change the code under test so these tests pass`,
          }
        : r,
    ),
  };
}

/** Whether a refused patch touched a protected test file. */
export function touchesProtected(report: PatchReport, protectedFiles: readonly string[]): boolean {
  if (report.ok) return false;
  const guarded = new Set(protectedFiles.map((f) => f.toLowerCase()));
  return report.refusals.some((r) => r.reason === 'denied-path' && r.file !== undefined && guarded.has(r.file.toLowerCase()));
}
