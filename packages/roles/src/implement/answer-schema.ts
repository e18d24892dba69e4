import { z } from 'zod';

/** What the implementer answers. Every field is required (structured outputs allow no optional fields). */
export const ImplementationAnswerSchema = z.object({
  patch: z.string().describe('unified diff (or whole-file blocks) against the files as shown'),
  summary: z.string().describe('one line for the commit subject: what the change does'),
  kind: z.enum(['feat', 'fix']).describe('feat for new behaviour, fix for a bug fix'),
});
export type ImplementationAnswer = z.infer<typeof ImplementationAnswerSchema>;
export const IMPLEMENTATION_SCHEMA_NAME = 'implementation_patch';
