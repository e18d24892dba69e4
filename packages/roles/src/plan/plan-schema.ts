/**
 * What the planner answers (a strict structured output: every field present, "absent" spelled null) and
 * what the plan role leaves in the dossier for write-tests and implement (`plan.json`).
 */
import { z } from 'zod';

export const AC_ID = /^AC\d+$/;

// Only keywords every strict structured-output provider accepts go into the JSON schema (type, pattern);
// emptiness and counts are checked by the refinement below.
const text = z.string();

export const PlanStepSchema = z.object({
  title: text.describe('a short imperative title'),
  detail: z.string().nullable().describe('what to do in this step, or null when the title says it all'),
  files: z.array(z.string()).describe('repository paths this step touches'),
});

export const AcceptanceCriterionSchema = z.object({
  id: z.string().regex(AC_ID).describe('AC1, AC2, … in order'),
  statement: text.describe('a testable statement of behaviour'),
  test: text.describe('how an automated test shows the statement holds'),
});

/**
 * The model's answer. The refinements run on the answer before it is accepted, so an answer that breaks
 * them goes back to the model once with the problem (the model client's repair retry).
 */
export const PlanSchema = z
  .object({
    summary: text.describe('one paragraph: what will change and why'),
    steps: z.array(PlanStepSchema),
    files_likely_touched: z.array(z.string()),
    acceptance_criteria: z.array(AcceptanceCriterionSchema),
    risks: z.array(z.string()),
    out_of_scope: z.array(z.string()),
  })
  .superRefine((plan, ctx) => {
    const blank = (value: string, path: Array<string | number>) => {
      if (value.trim() === '') ctx.addIssue({ code: 'custom', path, message: 'must not be empty' });
    };
    blank(plan.summary, ['summary']);
    if (plan.steps.length === 0) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'at least one step is required' });
    plan.steps.forEach((step, i) => blank(step.title, ['steps', i, 'title']));
    plan.acceptance_criteria.forEach((ac, i) => {
      blank(ac.statement, ['acceptance_criteria', i, 'statement']);
      blank(ac.test, ['acceptance_criteria', i, 'test']);
    });
    if (plan.acceptance_criteria.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['acceptance_criteria'], message: 'at least one acceptance criterion is required' });
    }
    plan.acceptance_criteria.forEach((ac, i) => {
      if (ac.id !== `AC${i + 1}`) {
        ctx.addIssue({
          code: 'custom',
          path: ['acceptance_criteria', i, 'id'],
          message: `ids must be unique and sequential: expected AC${i + 1}, got ${ac.id}`,
        });
      }
    });
  });

export type PlanStep = z.infer<typeof PlanStepSchema>;
export type AcceptanceCriterion = z.infer<typeof AcceptanceCriterionSchema>;
export type Plan = z.infer<typeof PlanSchema>;

/** The name the structured output is requested under. */
export const PLAN_SCHEMA_NAME = 'plan';

/** A path the validator took out of the plan, and why. */
export const FlaggedFileSchema = z.object({ path: z.string(), reason: z.string() });
export type FlaggedFile = z.infer<typeof FlaggedFileSchema>;

export const PLAN_FILE = 'plan.json';

/** `plan.json` in the dossier: the validated plan and where it came from. */
export const PlanFileSchema = z.strictObject({
  version: z.literal(1),
  issue: z.number().int().positive(),
  pr: z.number().int().positive(),
  /** The PR comment that shows the plan (always written; optional so plan files made before it still read). */
  comment_id: z.number().int().positive().optional(),
  model: z.string().min(1),
  prompt: z.strictObject({ name: z.string(), version: z.string(), overridden: z.boolean() }),
  plan: PlanSchema,
  /** Paths removed from the model's answer by the policy check. */
  flagged_files: z.array(FlaggedFileSchema),
  /** What the role noticed about its inputs and the answer (truncated body, capped listing, removed files…). */
  notes: z.array(z.string()),
  usage: z.strictObject({
    calls: z.number().int().nonnegative(),
    input_tokens: z.number().int().nonnegative(),
    cached_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
  }),
  created_at: z.iso.datetime(),
});
export type PlanFile = z.infer<typeof PlanFileSchema>;
