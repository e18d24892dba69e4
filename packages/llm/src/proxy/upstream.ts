/** One call to the real provider, and what of its answer may travel back to the caller. */

/** Request headers a caller may set; everything else (its own Authorization above all) stays behind. */
const PASSED_REQUEST_HEADERS = ['x-eternia-role', 'idempotency-key'];

/** Response headers the openai SDK reads: retries (retry-after, retry-after-ms), rate limits, request ids. */
const RELAYED_RESPONSE_HEADER = /^(content-type|retry-after|retry-after-ms|x-request-id|openai-processing-ms|x-ratelimit-[a-z-]+)$/i;

export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export function passedRequestHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_REQUEST_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value.length <= 200) out[name] = value;
  }
  return out;
}

/** Replaces every occurrence of the key; a provider's error may quote what it was sent. */
export function withoutKey(text: string, apiKey: string): string {
  return text.split(apiKey).join('***');
}

export async function callUpstream(
  fetchFn: typeof fetch,
  url: string,
  apiKey: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  /** Azure OpenAI's deployments API takes the key in `api-key`, not as a Bearer token. */
  keyHeader: 'authorization' | 'api-key' = 'authorization',
): Promise<UpstreamAnswer> {
  const auth: Record<string, string> = keyHeader === 'api-key' ? { 'api-key': apiKey } : { authorization: `Bearer ${apiKey}` };
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { ...headers, ...auth, 'content-type': 'application/json', accept: 'application/json' },
    body,
    signal,
    redirect: 'error',
  });
  const text = await response.text();
  const relayed: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (RELAYED_RESPONSE_HEADER.test(name)) relayed[name.toLowerCase()] = withoutKey(value, apiKey);
  });
  return { status: response.status, headers: relayed, text: withoutKey(text, apiKey) };
}
