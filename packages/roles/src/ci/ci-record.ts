import { z } from 'zod';

/** ci.json in the dossier: what the verify job saw for one head commit. */

const CheckSchema = z.object({
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  url: z.string().nullable(),
  kind: z.enum(['check-run', 'status']),
});

const FailingSchema = z.object({
  name: z.string(),
  conclusion: z.string().nullable(),
  kind: z.enum(['check-run', 'status']),
  url: z.string().nullable(),
  summary: z.string().nullable(),
  annotations: z.array(z.object({ path: z.string(), line: z.number().nullable(), level: z.string(), message: z.string() })),
  /** Tail of the job log, secrets scrubbed; null when there is none (another app, a status, an expired log). */
  log: z.string().nullable(),
});

export const CI_STATES = ['success', 'failure', 'pending-timeout', 'no-checks', 'frozen'] as const;

export const CiRecordSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit sha'),
  state: z.enum(CI_STATES),
  message: z.string(),
  checks: z.array(CheckSchema),
  failing: z.array(FailingSchema),
  /** Names left out: the flow's own jobs and the `ignore-checks` input. */
  ignored: z.array(z.string()),
  notes: z.array(z.string()),
  requests: z.number().int().nonnegative(),
  checkedAt: z.iso.datetime(),
});

export type CiRecord = z.infer<typeof CiRecordSchema>;
export type CiState = CiRecord['state'];
export type CiFailing = CiRecord['failing'][number];

export const CI_FILE = 'ci.json';
