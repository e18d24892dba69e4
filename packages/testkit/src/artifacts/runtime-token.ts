/**
 * ACTIONS_RUNTIME_TOKEN: a JWT whose `scp` claim holds `Actions.Results:<runBackendId>:<jobBackendId>`,
 * which @actions/artifact decodes (without verifying) to name the run and job in every request.
 * Ours is signed with HS256 by the service that minted it, so the service can refuse a forged or stale one,
 * and carries the repository and job name the service files uploads under.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { jobBackendId, runBackendId, runIdFromBackendId } from './backend-ids.js';

export interface RuntimeTokenClaims {
  /** github.run_id */
  runId: number;
  /** The job run, e.g. 'plan' or 'flow/plan {"leg":1}'. */
  job: string;
  /** owner/name */
  repository: string;
  /** Lifetime; six hours (the longest a job runs) when absent. */
  ttlSeconds?: number;
}

export interface RuntimeIdentity {
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  job: string;
  repository: string;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function mintRuntimeToken(secret: Buffer, claims: RuntimeTokenClaims, now: Date): string {
  if (!claims.job) throw new Error('a runtime token needs a job');
  if (!/^[^/\s]+\/[^/\s]+$/.test(claims.repository)) throw new Error(`repository '${claims.repository}' is not owner/name`);
  const runId = runBackendId(claims.runId);
  const jobId = jobBackendId(claims.runId, claims.job);
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    iss: 'testkit-results-service',
    aud: 'actions-results',
    nbf: iat - 60,
    iat,
    exp: iat + (claims.ttlSeconds ?? 6 * 3600),
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.UploadArtifacts:${runId}:${jobId} Actions.Results:${runId}:${jobId}`,
    repository: claims.repository,
    job: claims.job,
    run_id: String(claims.runId),
  };
  const unsigned = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The identity a bearer token grants, or a reason it grants none. */
export function verifyRuntimeToken(secret: Buffer, token: string, now: Date): RuntimeIdentity | { error: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'the bearer token is not a JWT' };
  const [header, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'the bearer token was not issued by this service' };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { error: 'the bearer token payload is not JSON' };
  }
  const seconds = now.getTime() / 1000;
  if (typeof payload.exp !== 'number' || payload.exp <= seconds) return { error: 'the bearer token has expired' };
  if (typeof payload.nbf === 'number' && payload.nbf > seconds) return { error: 'the bearer token is not valid yet' };
  const scope = String(payload.scp ?? '')
    .split(' ')
    .map((s) => s.split(':'))
    .find((s) => s[0] === 'Actions.Results' && s.length === 3);
  const runId = scope ? runIdFromBackendId(scope[1] as string) : undefined;
  if (!scope || runId === undefined) return { error: 'the bearer token has no Actions.Results scope' };
  return {
    runId,
    runBackendId: scope[1] as string,
    jobBackendId: scope[2] as string,
    job: String(payload.job ?? ''),
    repository: String(payload.repository ?? ''),
  };
}
