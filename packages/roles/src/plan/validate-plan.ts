import { z } from 'zod';
import type { Policy } from '@eternia/core';
import { ModelOutputInvalidError } from '@eternia/llm';
import { normalisePlanPath, planPathCheck } from './path-policy.js';
import { PLAN_SCHEMA_NAME, PlanSchema, type FlaggedFile, type Plan } from './plan-schema.js';

export interface ValidatedPlan {
  plan: Plan;
  /** Paths taken out of the plan, each once, with the reason. */
  flagged: FlaggedFile[];
  notes: string[];
}

/**
 * The deterministic gate after the model: the answer must satisfy the schema and its rules (at least one
 * acceptance criterion, ids AC1… unique and in order), and every path must be one the policy lets the
 * later roles change. Paths that are not are removed and reported, so the plan never promises them.
 */
export function validatePlan(answer: unknown, policy: Pick<Policy, 'paths'>): ValidatedPlan {
  const parsed = PlanSchema.safeParse(answer);
  if (!parsed.success) {
    throw new ModelOutputInvalidError('plan', PLAN_SCHEMA_NAME, z.prettifyError(parsed.error), JSON.stringify(answer) ?? String(answer));
  }
  const check = planPathCheck(policy);
  const flagged = new Map<string, string>();
  const keep = (paths: readonly string[]): string[] => {
    const kept: string[] = [];
    for (const raw of paths) {
      const path = normalisePlanPath(raw);
      const problem = check(path);
      if (problem) {
        if (!flagged.has(path || raw)) flagged.set(path || raw, problem);
      } else if (!kept.includes(path)) {
        kept.push(path);
      }
    }
    return kept;
  };

  const source = parsed.data;
  const steps = source.steps.map((step) => ({ ...step, files: keep(step.files) }));
  const files = keep(source.files_likely_touched);
  // A file a step names belongs in the summary list too.
  for (const step of steps) for (const path of step.files) if (!files.includes(path)) files.push(path);

  const plan: Plan = { ...source, steps, files_likely_touched: files };
  const flaggedList = [...flagged].map(([path, reason]) => ({ path, reason }));
  const notes = flaggedList.map((f) => `Removed \`${f.path}\` from the plan: ${f.reason}.`);
  if (files.length === 0) notes.push('No file of the plan lies inside the allowed paths; the later roles will have to find the files themselves.');
  return { plan, flagged: flaggedList, notes };
}
