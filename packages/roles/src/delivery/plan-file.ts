/** The plan as write-tests and implement read it: plan.json of the plan role, required. */
import { ConfigurationError, DossierError } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import { PLAN_FILE, PlanFileSchema, type Plan } from '../plan/plan-schema.js';

export interface DeliveryPlan {
  plan: Plan;
  /** The files the plan names (files likely touched, then each step's), without duplicates. */
  files: string[];
  criterionIds: string[];
}

export function readPlan(dossier: Dossier, role: string): DeliveryPlan {
  let file;
  try {
    file = dossier.readJson(PLAN_FILE, PlanFileSchema);
  } catch (error) {
    if (error instanceof DossierError)
      throw new ConfigurationError(`${error.message} (re-run the plan step)`, `dossier file '${PLAN_FILE}'`, { cause: error });
    throw error;
  }
  if (!file) {
    throw new ConfigurationError(
      `the dossier of this PR has no plan: the plan job has not run (or its dossier was not passed to this job). Run the plan step before ${role}.`,
      `dossier file '${PLAN_FILE}'`,
    );
  }
  const plan = file.plan;
  return {
    plan,
    files: [...new Set([...plan.files_likely_touched, ...plan.steps.flatMap((s) => s.files)])],
    criterionIds: plan.acceptance_criteria.map((c) => c.id),
  };
}

/**
 * The plan as a retrieval text for the repo atlas: its summary (the first line, weighed as a title), each step's
 * title, detail and files, the files likely touched and the acceptance statements. Not the JSON (its keys, `steps`,
 * `test`, `files`, are in every plan and would match files by those words), and not the risks or what is out of
 * scope: a plan names there what the change must leave alone.
 */
export function planQuery(plan: Plan): string {
  return [
    plan.summary.replace(/\s+/g, ' ').trim(),
    ...plan.steps.flatMap((step) => [step.title, step.detail ?? '', ...step.files]),
    ...plan.files_likely_touched,
    ...plan.acceptance_criteria.map((criterion) => criterion.statement),
  ]
    .filter((line) => line.trim() !== '')
    .join('\n');
}
