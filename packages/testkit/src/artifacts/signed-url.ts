/**
 * Shared-access-signature style URLs for the blob endpoint, as the results service hands out for Azure
 * blob storage: `sp` (permissions), `se` (expiry) and `sig` (an HMAC over both and the path).
 * @actions/artifact keeps the query string as is and adds its own parameters (comp, blockid).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type BlobPermission = 'r' | 'cw';

function signature(secret: Buffer, path: string, permissions: string, expiry: string): Buffer {
  return createHmac('sha256', secret).update(`${permissions}\n${expiry}\n${path}`).digest();
}

export function signBlobUrl(secret: Buffer, base: string, path: string, permissions: BlobPermission, expiresAt: Date): string {
  const se = expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const query = new URLSearchParams({
    sv: '2025-01-05',
    sr: 'b',
    sp: permissions,
    se,
    sig: signature(secret, path, permissions, se).toString('base64'),
  });
  return `${base}${path}?${query.toString()}`;
}

/** null when the URL is genuine, unexpired and grants `needed`; otherwise why not (Azure's error code and message). */
export function checkBlobUrl(secret: Buffer, url: URL, needed: 'r' | 'w', now: Date): { code: string; message: string } | null {
  const sp = url.searchParams.get('sp') ?? '';
  const se = url.searchParams.get('se') ?? '';
  const sig = Buffer.from(url.searchParams.get('sig') ?? '', 'base64');
  const expected = signature(secret, url.pathname, sp, se);
  if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) {
    return { code: 'AuthenticationFailed', message: 'Signature did not match. The URL was not signed by this service or was changed.' };
  }
  if (!(Date.parse(se) > now.getTime())) return { code: 'AuthenticationFailed', message: `Signed expiry time [${se}] has passed.` };
  if (!sp.includes(needed))
    return {
      code: 'AuthorizationPermissionMismatch',
      message: `This request is not authorized to perform this operation using this permission (needs '${needed}', has '${sp}').`,
    };
  return null;
}
