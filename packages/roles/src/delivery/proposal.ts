/**
 * What a job that runs repository code hands to the publish job: the patch it tested and the evidence of the run.
 * That job holds no write token; publish re-validates the patch against the default branch's policy, applies it
 * in a fresh checkout, and pushes. The proposal is data to re-check, never a source of permissions.
 */
import { z } from 'zod';
import type { Dossier } from '@eternia/dossier';
import { ConfigurationError } from '@eternia/core';
import { ImplementEvidenceSchema, TestsEvidenceSchema } from './evidence.js';

export const PROPOSAL_FILES = { tests: 'proposal-tests.json', implement: 'proposal-implement.json' } as const;
export type ProposalKind = keyof typeof PROPOSAL_FILES;

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit sha');

const common = {
  version: z.literal(1),
  /** The workflow run that made it: publish takes proposals of its own run only. */
  runId: z.number().int().min(0),
  /** The commit the patch was applied to and tested on. */
  baseSha: sha,
  /** The patch exactly as the patch engine accepted it. */
  patch: z.string().min(1).max(2_000_000),
  /** Paths the patch wrote (added, changed, deleted, renamed to). */
  files: z.array(z.string().min(1)).min(1),
  subject: z.string().min(1).max(200),
  body: z.string().max(20_000),
};

export const TestsProposalSchema = z.strictObject({
  ...common,
  kind: z.literal('tests'),
  /** tests.json as it will be once the commit exists. */
  evidence: TestsEvidenceSchema.omit({ commit: true, rebased: true }),
  /** How many tests the red run ran (passed + failed + skipped): a green run may not run fewer. */
  testsRun: z.number().int().min(0),
});
export type TestsProposal = z.infer<typeof TestsProposalSchema>;

export const ImplementProposalSchema = z.strictObject({
  ...common,
  kind: z.literal('implement'),
  evidence: ImplementEvidenceSchema.omit({ commit: true, rebased: true }),
});
export type ImplementProposal = z.infer<typeof ImplementProposalSchema>;

export function writeProposal(dossier: Dossier, proposal: TestsProposal | ImplementProposal): void {
  if (proposal.kind === 'tests') dossier.writeJson(PROPOSAL_FILES.tests, proposal, TestsProposalSchema);
  else dossier.writeJson(PROPOSAL_FILES.implement, proposal, ImplementProposalSchema);
}

/** The proposal of this run, or null when the dossier has none; one of another run is refused. */
export function readProposal<K extends ProposalKind>(
  dossier: Dossier,
  kind: K,
  runId: number,
): (K extends 'tests' ? TestsProposal : ImplementProposal) | null {
  const file = PROPOSAL_FILES[kind];
  const schema = kind === 'tests' ? TestsProposalSchema : ImplementProposalSchema;
  const proposal = dossier.readJson(file, schema as z.ZodType<TestsProposal | ImplementProposal>);
  if (!proposal) return null;
  if (proposal.runId !== runId) {
    throw new ConfigurationError(
      `was made by workflow run ${proposal.runId}, not by this run (${runId}); publish only takes what this run's own jobs proposed. Run the proposing step again in this run`,
      `${file} in the dossier`,
    );
  }
  return proposal as K extends 'tests' ? TestsProposal : ImplementProposal;
}
