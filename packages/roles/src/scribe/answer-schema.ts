import { z } from 'zod';

/** What the scribe answers. Every field is required (structured outputs allow no optional fields). */
export const ScribeAnswerSchema = z.object({
  needed: z.boolean().describe('true when the change needs documentation updates; false when it needs none'),
  reason: z.string().describe('one or two sentences: what the docs change covers, or why the change needs no docs'),
  summary: z.string().describe('one line for the commit subject (without "docs:"); empty when nothing is needed'),
  patch: z.string().describe('unified diff of README and API docs changes against the files as shown; empty when there is none (or only an ADR)'),
  adr: z
    .object({
      title: z.string().describe('short title of the decision: the problem solved and the solution'),
      body: z
        .string()
        .describe(
          'the MADR sections, starting with "## Context and Problem Statement"; also "## Considered Options" and "## Decision Outcome" (Chosen option: "…", because …); no front matter, no level-1 title',
        ),
    })
    .nullable()
    .describe('a new architecture decision record when the change makes an architectural decision; null otherwise'),
});
export type ScribeAnswer = z.infer<typeof ScribeAnswerSchema>;
export const SCRIBE_SCHEMA_NAME = 'docs_update';
