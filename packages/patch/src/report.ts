/** Turns a refusal report into the text the implementer sends back to the model. */
import type { PatchReport, Refusal, RefusalReason } from './types.js';

const ADVICE: Record<RefusalReason, string> = {
  'not-found': "Copy the context and '-' lines exactly from the current file (shown below where a close match exists).",
  ambiguous: 'Add more unchanged context lines so the hunk matches one place only, or give correct @@ line numbers.',
  'denied-path': 'Do not touch this path; change the allowed files only.',
  'outside-workspace': 'Use paths relative to the repository root, without "..", absolute paths or symlinks that leave it.',
  'too-large': 'Send a smaller patch.',
  'mass-deletion': 'Delete less; large deletions need a human.',
  binary: 'Binary files cannot be patched.',
  'parse-error':
    'Send a unified diff: "--- a/path", "+++ b/path", then "@@ -start,count +start,count @@" hunks whose lines start with " ", "-" or "+".',
  'tests-only': 'In this step only test files may change.',
  'missing-file': 'Patch an existing file, or create the file with "--- /dev/null".',
  'file-exists': 'Send a diff against the existing file instead.',
  'shown-in-part': 'Send a unified diff of lines that were shown instead of a whole-file block.',
};

function describe(r: Refusal, n: number): string {
  const where = [r.file, r.hunk !== undefined ? `hunk ${r.hunk}` : undefined].filter(Boolean).join(', ');
  const lines = [`${n}. [${r.reason}]${where ? ` ${where}:` : ''} ${r.message}`];
  if (r.closest) {
    lines.push(`   The closest region of ${r.file ?? 'the file'} (from line ${r.closest.startLine}):`);
    lines.push(...r.closest.text.split('\n').map((l) => `     ${l}`));
  }
  lines.push(`   ${ADVICE[r.reason]}`);
  return lines.join('\n');
}

export function formatRefusals(report: PatchReport): string {
  if (report.ok) return 'The patch applied cleanly.';
  const count = report.refusals.length;
  const head = `The patch was NOT applied; no file was changed. ${count === 1 ? '1 problem' : `${count} problems`}:`;
  return [head, ...report.refusals.map((r, i) => describe(r, i + 1)), 'Send a corrected patch for the whole change.'].join('\n');
}
