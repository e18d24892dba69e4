import { z } from 'zod';

/** What the test author answers. Every field is required (structured outputs allow no optional fields). */
export const TestPatchAnswerSchema = z.object({
  patch: z.string().describe('unified diff (or whole-file blocks) adding or changing test files only'),
  summary: z.string().describe('one line for the commit subject: what the tests check'),
  covers: z.array(z.string()).describe('ids of the acceptance criteria the tests cover, e.g. ["AC1"]'),
});
export type TestPatchAnswer = z.infer<typeof TestPatchAnswerSchema>;
export const TEST_PATCH_SCHEMA_NAME = 'test_patch';
