/**
 * Proposed fixes for findings on changed lines. For each finding the model gets the finding and the file (every
 * secret value replaced by a placeholder) and answers a patch; the patch is applied through the patch engine with
 * the default branch's policy in a scratch worktree, and the check runs again there. The fix is kept only when it
 * applied, the finding is gone and no new secret appeared; otherwise the tree goes back and the finding stays a
 * comment, with the reason. (Whether the kept changes can be written without a secret value is decided once all
 * were tried: see dropLeakingFixes.)
 */
import path from 'node:path';
import { z } from 'zod';
import type { Policy } from '@eternia/core';
import { askModel, Conversation, fenceUntrusted, loadPrompt, type ModelClient } from '@eternia/llm';
import { applyPatch, formatRefusals, WHOLE_FILE_FORMAT_HELP } from '@eternia/patch';
import { patchPolicyFor } from '../delivery/patch-policy.js';
import { writtenPaths } from '../delivery/written-paths.js';
import { stillVulnerable } from './audit.js';
import type { ScanFinding } from './finding.js';
import type { Scratch } from './git-tree.js';
import { readText, secretsIn, SecretVault } from './secrets.js';

export const SecurityFixAnswerSchema = z.object({
  patch: z.string().describe('unified diff (or whole-file blocks) against the files as shown; empty when no safe patch can be proposed'),
  summary: z.string().describe('one line: what the patch changes'),
  explanation: z.string().describe('why the finding is a problem and what the reviewer should do; never repeat a secret'),
});
export type SecurityFixAnswer = z.infer<typeof SecurityFixAnswerSchema>;
export const SECURITY_FIX_SCHEMA_NAME = 'security_fix';

/** The checks that can run again on a patched tree. SARIF from other scanners cannot: those stay comments. */
export function recheckable(finding: ScanFinding): boolean {
  return finding.source === 'secret' || finding.source === 'npm-audit' || finding.source === 'pip-audit';
}

export type FixOutcome =
  { kept: true; summary: string; explanation: string; written: string[] } | { kept: false; reason: FixRefusal; detail: string; explanation: string };

export type FixRefusal = 'no-patch' | 'invalid-answer' | 'patch-refused' | 'finding-remains' | 'new-secret' | 'would-leak-secret';

export interface FixDeps {
  model: ModelClient;
  modelName: string;
  policy: Policy;
  promptsDir: string;
  configRoot?: string;
  vault: SecretVault;
  /** Every prompt sent, as sent (tests and the bench search them for secret values). */
  onPrompt?: (text: string) => void;
}

const placeholder = (index: number): string => `<SECRET_${index}_REDACTED>`;
const PLACEHOLDER = /<SECRET_(\d+)_REDACTED>/g;

/** Asks for, applies and re-checks one fix in the scratch tree; the tree is back at the last kept state unless kept. */
export async function tryFix(deps: FixDeps, scratch: Scratch, finding: ScanFinding): Promise<FixOutcome> {
  const { vault } = deps;
  const prompt = await loadPrompt('security', { ...(deps.configRoot ? { workspace: deps.configRoot } : {}), builtinDir: deps.promptsDir });
  const fileText = readText(path.join(scratch.dir, finding.path)) ?? '';
  const masked = vault.mask(fileText, placeholder);
  const messages = [
    { role: 'system' as const, content: prompt.text },
    {
      role: 'user' as const,
      content: [
        `Finding: ${finding.tool} rule ${finding.rule} (${finding.level}) at ${finding.path}:${finding.line}${finding.endLine ? `-${finding.endLine}` : ''}.`,
        fenceUntrusted('scanner message', vault.mask(finding.message), 2_000),
        `Secret values are replaced by placeholders like ${placeholder(1)}; never write a placeholder or a secret into the code: read secrets from the environment instead.`,
        fenceUntrusted(`${finding.path} (current content, numbered from line 1)`, masked, 60_000),
        WHOLE_FILE_FORMAT_HELP,
        'Answer with JSON: patch (a unified diff against the file as shown, or "" when no safe fix exists), summary (one line), explanation (for the reviewer).',
      ].join('\n\n'),
    },
  ];
  for (const m of messages) deps.onPrompt?.(m.content);
  const turn = await askModel(deps.model, {
    role: 'security',
    model: deps.modelName,
    schema: SecurityFixAnswerSchema,
    schemaName: SECURITY_FIX_SCHEMA_NAME,
    conversation: new Conversation(messages),
  });
  if (!turn.ok) return { kept: false, reason: 'invalid-answer', detail: vault.mask(turn.problem), explanation: '' };
  const answer = turn.answer;
  const explanation = vault.mask(answer.explanation);
  if (answer.patch.trim() === '') return { kept: false, reason: 'no-patch', detail: 'the model proposed no patch', explanation };

  const patch = unmaskPatch(answer.patch, vault.ordered());
  const before = await secretCount(scratch.dir, vault);
  const report = await applyPatch({ cwd: scratch.dir, patch, policy: patchPolicyFor(deps.policy) });
  if (!report.ok) {
    await scratch.reset();
    return { kept: false, reason: 'patch-refused', detail: vault.mask(formatRefusals(report)), explanation };
  }
  const written = writtenPaths(report.files);
  const verdict = await recheck(scratch.dir, finding, written, vault, before);
  if (verdict) {
    await scratch.reset();
    return { kept: false, reason: verdict.reason, detail: verdict.detail, explanation };
  }
  await scratch.keep(`fix ${finding.rule} at ${finding.path}:${finding.line}`);
  return { kept: true, summary: vault.mask(answer.summary).trim() || `fix ${finding.rule}`, explanation, written };
}

/** null when the finding is gone and nothing new appeared; else why not. */
async function recheck(
  dir: string,
  finding: ScanFinding,
  written: readonly string[],
  vault: SecretVault,
  before: Map<string, number>,
): Promise<{ reason: FixRefusal; detail: string } | null> {
  if (finding.source === 'secret') {
    const value = vault.valueOf(finding);
    const content = readText(path.join(dir, finding.path)) ?? '';
    const found = await secretsIn(finding.path, content, new SecretVault());
    if ((value !== undefined && content.includes(value)) || found.some((f) => f.line === finding.line && f.rule === finding.rule)) {
      return { reason: 'finding-remains', detail: `secretlint still reports the secret in ${finding.path}` };
    }
  } else if (stillVulnerable(dir, finding)) {
    return {
      reason: 'finding-remains',
      detail: `${finding.path} still admits the vulnerable ${finding.dependency?.name} ${finding.dependency?.vulnerable}`,
    };
  }
  const after = await secretCount(dir, vault, written);
  for (const file of written) {
    if ((after.get(file) ?? 0) > (before.get(file) ?? 0)) return { reason: 'new-secret', detail: `the patch writes a secret into ${file}` };
  }
  return null;
}

/** Secret findings per file (every file a secret was found in, or the given ones). */
async function secretCount(dir: string, vault: SecretVault, files?: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const file of files ?? vault.files()) {
    const content = readText(path.join(dir, file));
    if (content === null) continue;
    counts.set(file, (await secretsIn(file, content, new SecretVault())).length);
  }
  return counts;
}

/**
 * The model saw placeholders: context (' ') and removed ('-') lines of diff hunks quote the file as shown, so the
 * real values go back there for the patch to apply. Never on added lines nor inside whole-file blocks (new content):
 * there a placeholder stays literal, and the re-check refuses nothing it should not.
 */
export function unmaskPatch(patch: string, values: readonly string[]): string {
  let inBlock = false;
  return patch
    .split('\n')
    .map((line) => {
      if (/^\*\*\* Begin File: /.test(line)) inBlock = true;
      else if (/^\*\*\* End File\s*$/.test(line)) inBlock = false;
      else if (!inBlock && (line.startsWith(' ') || (line.startsWith('-') && !line.startsWith('---')))) {
        return line.replace(PLACEHOLDER, (m, n: string) => values[Number(n) - 1] ?? m);
      }
      return line;
    })
    .join('\n');
}
