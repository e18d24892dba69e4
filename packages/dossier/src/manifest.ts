import { z } from 'zod';
import { DossierError } from '@eternia/core';

export const DOSSIER_SCHEMA = 'eternia-dossier';
export const DOSSIER_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** Lower-case letters, digits, '.', '_' and '-', not starting with '.' (so no '.', '..' or hidden files) and not the manifest. */
export function fileNameProblem(name: string): string | null {
  if (!/^[a-z0-9._-]{1,100}$/.test(name)) return 'must be 1-100 characters of a-z, 0-9, ".", "_" and "-"';
  if (name.startsWith('.')) return 'must not start with "."';
  if (name === MANIFEST_FILE) return `is reserved for the manifest`;
  return null;
}

export function assertFileName(name: string): void {
  const problem = fileNameProblem(name);
  if (problem) throw new DossierError(`dossier file name ${JSON.stringify(name)} ${problem}`);
}

const FileName = z.string().refine((n) => fileNameProblem(n) === null, { message: 'invalid dossier file name' });
const PositiveInt = z.number().int().positive();
const Repository = z
  .string()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name"')
  .refine((r) => !/\/\.\.?$/.test(r), 'must be "owner/name"');

export const FileEntrySchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  kind: z.enum(['json', 'text']),
});

export const RunStatusSchema = z.enum(['started', 'success', 'failure', 'skipped', 'cancelled']);

export const RunEntrySchema = z.strictObject({
  /** The role that ran: supervisor, plan, write-tests, implement, … */
  role: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lower-case role name'),
  /** GITHUB_RUN_ID; 0 outside Actions. */
  runId: z.number().int().nonnegative(),
  /** GITHUB_RUN_ATTEMPT. */
  attempt: PositiveInt,
  /** The head commit the role saw or produced. */
  sha: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit sha'),
  at: z.iso.datetime(),
  status: RunStatusSchema,
});

export const ManifestSchema = z.strictObject({
  schema: z.literal(DOSSIER_SCHEMA),
  version: z.literal(DOSSIER_VERSION),
  repository: Repository,
  pr: PositiveInt,
  issue: PositiveInt,
  branch: z.string().min(1).max(255),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  runs: z.array(RunEntrySchema),
  files: z.record(FileName, FileEntrySchema),
});

export type FileEntry = z.infer<typeof FileEntrySchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunEntry = z.infer<typeof RunEntrySchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

/** Which dossier: one per pull request of a repository. */
export interface DossierKey {
  repository: string;
  pr: number;
}

export function assertKey(key: DossierKey): void {
  const result = z.strictObject({ repository: Repository, pr: PositiveInt }).safeParse(key);
  if (!result.success) throw new DossierError(`invalid dossier key ${JSON.stringify(key)}: ${describeIssues(result.error)}`);
}

/** Validates a parsed manifest.json, checking schema and version first so an old or foreign file reads as such. */
export function parseManifest(raw: unknown, source: string): Manifest {
  const head = (raw ?? {}) as { schema?: unknown; version?: unknown };
  if (typeof raw !== 'object' || raw === null || head.schema !== DOSSIER_SCHEMA) {
    throw new DossierError(`${source}: not an eternia dossier manifest (expected "schema": "${DOSSIER_SCHEMA}")`);
  }
  if (head.version !== DOSSIER_VERSION) {
    throw new DossierError(
      `${source}: dossier version ${JSON.stringify(head.version)} is not supported; this library reads version ${DOSSIER_VERSION}`,
    );
  }
  const result = ManifestSchema.safeParse(raw);
  if (!result.success) throw new DossierError(`${source} is invalid: ${describeIssues(result.error)}`);
  return result.data;
}

/** "runs.0.sha: must be a full commit sha; files.X: Invalid key in record" */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
