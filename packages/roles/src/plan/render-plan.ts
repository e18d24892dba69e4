import { codeSpan, inlineText } from './markdown-text.js';
import type { Plan } from './plan-schema.js';

export interface PlanCommentMeta {
  issue: { number: number; title: string };
  model: string;
  prompt: { name: string; version: string; overridden: boolean };
  usage: { calls: number; inputTokens: number; cachedTokens: number; outputTokens: number };
  notes: readonly string[];
}

// GitHub refuses comments over 65,536 characters; leave room for the sticky marker.
const MAX_COMMENT = 60_000;
const n = (value: number) => value.toLocaleString('en-US');

/** The plan as the PR's first comment: summary, steps, files, acceptance criteria, risks, scope, provenance. */
export function renderPlanComment(plan: Plan, meta: PlanCommentMeta): string {
  const lines: string[] = [
    `## Plan for #${meta.issue.number}: ${inlineText(meta.issue.title, { maxChars: 200 })}`,
    '',
    inlineText(plan.summary, { maxChars: 4_000 }),
    '',
    '### Steps',
    '',
  ];
  plan.steps.forEach((step, i) => {
    const detail = step.detail && step.detail.trim() !== '' ? ` — ${inlineText(step.detail)}` : '';
    lines.push(`${i + 1}. **${inlineText(step.title, { maxChars: 300 })}**${detail}`);
    if (step.files.length > 0) lines.push(`   Files: ${step.files.map((f) => codeSpan(f)).join(', ')}`);
  });

  lines.push('', '### Files likely touched', '');
  lines.push(...(plan.files_likely_touched.length > 0 ? plan.files_likely_touched.map((f) => `- ${codeSpan(f)}`) : ['_None named._']));

  lines.push('', '### Acceptance criteria', '', '| ID | Criterion | How a test shows it |', '| --- | --- | --- |');
  for (const ac of plan.acceptance_criteria) {
    lines.push(`| **${ac.id}** | ${inlineText(ac.statement, { inTable: true })} | ${inlineText(ac.test, { inTable: true })} |`);
  }

  lines.push('', '### Risks', '', ...bullets(plan.risks, '_None identified._'));
  lines.push('', '### Out of scope', '', ...bullets(plan.out_of_scope, '_Nothing stated._'));
  if (meta.notes.length > 0) lines.push('', '### Notes', '', ...bullets(meta.notes, ''));

  const footer = footerLine(meta);
  let body = lines.join('\n');
  if (body.length + footer.length > MAX_COMMENT) {
    body = `${body.slice(0, MAX_COMMENT - footer.length - 200)}\n\n_… the plan was cut to fit a comment; the full plan is \`plan.json\` in the dossier._`;
  }
  return `${body}\n\n${footer}\n`;
}

function bullets(items: readonly string[], empty: string): string[] {
  const kept = items.filter((item) => item.trim() !== '');
  return kept.length > 0 ? kept.map((item) => `- ${inlineText(item)}`) : [empty];
}

function footerLine(meta: PlanCommentMeta): string {
  const u = meta.usage;
  const prompt = `prompt ${codeSpan(`${meta.prompt.name}@${meta.prompt.version}`)}${meta.prompt.overridden ? ' (repository override)' : ''}`;
  const tokens = `${u.calls} call${u.calls === 1 ? '' : 's'}, ${n(u.inputTokens)} input tokens (${n(u.cachedTokens)} cached), ${n(u.outputTokens)} output tokens`;
  return `---\n<sub>Planned by eternia-agents · model ${codeSpan(meta.model)} · ${prompt} · ${tokens}</sub>`;
}
