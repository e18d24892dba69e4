/**
 * What write-tests and implement leave in the dossier: red evidence (the new tests failed on the
 * unchanged code) in tests.json, green evidence (they pass with the change) or an escalation in implement.json.
 */
import { z } from 'zod';

export const TESTS_FILE = 'tests.json';
export const IMPLEMENT_FILE = 'implement.json';
export const BEST_ATTEMPT_DIFF = 'best-attempt.diff';
export const BEST_ATTEMPT_OUTPUT = 'best-attempt-tests.txt';

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit sha');

export const TestOutcomeSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  message: z.string().nullable(),
});
export type TestOutcome = z.infer<typeof TestOutcomeSchema>;

export const TestsEvidenceSchema = z.strictObject({
  version: z.literal(1),
  /** red: the new tests failed on the unchanged code; not-required: policy tests-first is off and they passed. */
  status: z.enum(['red', 'not-required']),
  /** The test commit as pushed. */
  commit: sha,
  /** The code the tests were run against (the branch head before the test commit). */
  codeSha: sha,
  /** The test commit was rebased onto a branch that moved before it could be pushed. */
  rebased: z.boolean(),
  /** Test files the commit added or changed: implement may not edit or delete them. */
  testFiles: z.array(z.string().min(1)).min(1),
  /** Acceptance-criterion ids the tests cover. */
  covers: z.array(z.string()),
  summary: z.string(),
  command: z.array(z.string()),
  /** Failing tests in testFiles: the red evidence. */
  failing: z.array(TestOutcomeSchema),
  /** Tests outside testFiles that already failed on the unchanged code. */
  otherFailures: z.array(TestOutcomeSchema),
  attempts: z.number().int().min(1),
});
export type TestsEvidence = z.infer<typeof TestsEvidenceSchema>;

export const AttemptRecordSchema = z.strictObject({
  attempt: z.number().int().min(1),
  outcome: z.enum(['invalid-output', 'refused', 'tests-failed', 'tests-error', 'accepted', 'green']),
  /** Failing tests of this attempt, when tests ran. */
  failed: z.number().int().min(0).nullable(),
  detail: z.string(),
});
export type AttemptRecord = z.infer<typeof AttemptRecordSchema>;

export const ImplementEvidenceSchema = z.strictObject({
  version: z.literal(1),
  status: z.enum(['green', 'escalated', 'frozen']),
  /** The implementation commit as pushed; null when nothing was pushed. */
  commit: sha.nullable(),
  /** The head the attempts started from (the test commit, normally). */
  baseSha: sha,
  rebased: z.boolean(),
  kind: z.enum(['feat', 'fix']).nullable(),
  summary: z.string(),
  attempts: z.number().int().min(0),
  /** Green evidence: every passing test id of the green run. */
  passing: z.array(z.string()),
  /** The red tests of tests.json that pass now. */
  redNowPassing: z.array(z.string()),
  history: z.array(AttemptRecordSchema),
  /** The attempt kept for a human when not green: its diff and test output are dossier files. */
  best: z
    .strictObject({
      attempt: z.number().int().min(1),
      failed: z.number().int().min(0).nullable(),
      diffFile: z.string(),
      outputFile: z.string(),
      /** Ids of the tests still failing in that attempt (for the escalation comment). */
      stillFailing: z.array(z.string()).default([]),
    })
    .nullable(),
});
export type ImplementEvidence = z.infer<typeof ImplementEvidenceSchema>;
