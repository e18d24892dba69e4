/** The only two calls the proxy forwards: everything a role needs, nothing that lists, uploads or fetches stored data. */
export type ProxyEndpoint = 'chat' | 'responses';

const PATHS: Readonly<Record<string, ProxyEndpoint>> = {
  '/v1/chat/completions': 'chat',
  '/v1/responses': 'responses',
};

/** The upstream path (after the base URL's `/v1`) of each endpoint. */
export const UPSTREAM_PATH: Readonly<Record<ProxyEndpoint, string>> = {
  chat: '/chat/completions',
  responses: '/responses',
};

export function endpointOf(pathname: string): ProxyEndpoint | undefined {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return Object.hasOwn(PATHS, trimmed) ? PATHS[trimmed] : undefined;
}
