import { z } from 'zod';
import { RUBRIC_KEYS } from '../quality/proposals.js';

/** What the reviewer answers for one part of the diff. Every field is required (strict structured outputs). */
const RubricAnswerItem = z.object({
  score: z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent)'),
  reason: z.string().describe('one sentence of evidence'),
});

export const ReviewAnswerSchema = z.object({
  rubric: z.object(
    Object.fromEntries(RUBRIC_KEYS.map((key) => [key, RubricAnswerItem])) as Record<(typeof RUBRIC_KEYS)[number], typeof RubricAnswerItem>,
  ),
  summary: z.string().describe('two or three sentences on the change as a whole'),
  findings: z.array(
    z.object({
      path: z.string().describe('file path exactly as in a "###" header of the diff'),
      line: z.number().int().describe('head-side line number (left column) of a line shown in the diff'),
      start_line: z.number().int().nullable().describe('first line of a multi-line range ending at line, or null'),
      severity: z.enum(['blocking', 'nit']).describe('blocking: must change before merge; nit: optional'),
      title: z.string().describe('one line'),
      body: z.string().describe('what is wrong and why'),
      suggestion: z.string().nullable().describe('replacement text for lines start_line..line, or null'),
    }),
  ),
});
export type ReviewAnswer = z.infer<typeof ReviewAnswerSchema>;
export const REVIEW_SCHEMA_NAME = 'code_review';
