import { z } from 'zod';
import type { Dossier } from '@eternia/dossier';

/**
 * What the report reads from the other roles' dossier files. Only the fields it shows are named and
 * everything else is let through, so a role can add fields without breaking the report. A test id
 * may be a string or an object with an `id`.
 */
const TestId = z.union([z.string(), z.looseObject({ id: z.string() }).transform((t) => t.id)]);
const Sha = z.string().regex(/^[0-9a-f]{7,64}$/);

export const PlanViewSchema = z.looseObject({
  summary: z.string().nullish(),
  acceptanceCriteria: z.array(z.looseObject({ id: z.string(), text: z.string().nullish(), description: z.string().nullish() })).nullish(),
  commentId: z.number().int().nullish(),
});

export const TestsViewSchema = z.looseObject({
  commit: Sha.nullish(),
  /** Red evidence: the new tests that failed against the unchanged code. */
  failingTests: z.array(TestId).nullish(),
  frozen: z.boolean().nullish(),
});

export const ImplementViewSchema = z.looseObject({
  status: z.enum(['green', 'escalated', 'frozen']).nullish(),
  commit: Sha.nullish(),
  attempts: z.number().int().nonnegative().nullish(),
  /** Green evidence: the tests that passed at the implementation commit. */
  passingTests: z.array(TestId).nullish(),
  /** Why it escalated, in a sentence. */
  reason: z.string().nullish(),
});

export type PlanView = z.infer<typeof PlanViewSchema>;
export type TestsView = z.infer<typeof TestsViewSchema>;
export type ImplementView = z.infer<typeof ImplementViewSchema>;

/**
 * A dossier file through a view: null when absent; a note (and null) when it cannot be read, because a
 * final report that fails over one bad file would hide everything else it knows.
 */
export function readView<T>(dossier: Dossier, file: string, schema: z.ZodType<T>, notes: string[]): T | null {
  try {
    return dossier.readJson(file, schema);
  } catch (error) {
    notes.push(`${file} could not be read: ${(error as Error).message}`);
    return null;
  }
}
