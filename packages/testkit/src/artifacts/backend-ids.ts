/**
 * The results service names runs and jobs by UUIDs ("backend ids"), not by GitHub's numeric run ids.
 * Ours are derived from the run id and job so that no table is needed: the run's UUID carries the run id
 * in its last group, and both are checked by recomputing them.
 */
import { createHash } from 'node:crypto';

function uuidFrom(hex: string, tail: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${tail}`;
}

export function runBackendId(runId: number): string {
  if (!Number.isSafeInteger(runId) || runId <= 0) throw new Error(`run id ${runId} is not a positive integer`);
  const hex = createHash('sha256').update(`run:${runId}`).digest('hex');
  return uuidFrom(hex, runId.toString(16).padStart(12, '0'));
}

/** The run id a backend id stands for, or undefined when it is not one of ours. */
export function runIdFromBackendId(backendId: string): number | undefined {
  const match = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-([0-9a-f]{12})$/.exec(backendId);
  if (!match) return undefined;
  const runId = parseInt(match[1] as string, 16);
  return runId > 0 && runBackendId(runId) === backendId ? runId : undefined;
}

export function jobBackendId(runId: number, job: string): string {
  const hex = createHash('sha256').update(`job:${runId}:${job}`).digest('hex');
  return uuidFrom(hex, hex.slice(20, 32));
}
