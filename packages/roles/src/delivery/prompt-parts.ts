/**
 * The stable parts of the delivery prompts, in the order that lets a provider's prompt cache serve
 * them: the system prompt, the policy, the repository files, the plan. The task comes after these,
 * and each retry appends the previous answer and the feedback, so the prefix never changes.
 */
import type { Policy } from '@eternia/core';
import { fenceUntrusted } from '@eternia/llm';
import type { DeliveryPlan } from './plan-file.js';

const MAX_PLAN_CHARS = 30_000;

export function policyMessage(policy: Policy, mode: 'tests-only' | 'implement', protectedFiles: readonly string[] = []): string {
  const lines = ['Policy for your patch (enforced by the patch engine; anything else is refused):'];
  if (mode === 'tests-only') lines.push(`- Only test files may change: paths matching ${policy.paths.tests.join(', ')}.`);
  lines.push(`- Allowed paths: ${policy.paths.allow.join(', ')}.`, `- Denied paths: ${policy.paths.deny.join(', ')}.`);
  if (protectedFiles.length > 0)
    lines.push(`- The tests written for this change may not be edited, renamed or deleted: ${protectedFiles.join(', ')}.`);
  lines.push(
    `- At most ${policy.limits['max-patch-lines']} changed lines and ${policy.limits['max-files']} files; at most ${policy.limits['max-deleted-lines']} deleted lines and ${policy.limits['max-deleted-files']} deleted files.`,
    '- `patch` is a unified diff against the files exactly as shown (every attempt starts again from them), or whole-file blocks for new files.',
    '- A file shown in part (an excerpt, or its first characters) is changed with a diff of lines that are shown, never with a whole-file block.',
  );
  return lines.join('\n');
}

export function planMessage(plan: DeliveryPlan): string {
  return fenceUntrusted('the plan for this change (JSON)', JSON.stringify(plan.plan, null, 2), MAX_PLAN_CHARS);
}
