/**
 * Environment that hands git an Authorization header for one host, for pushes from a checkout made with
 * `persist-credentials: false`. The token then lives only in the git processes this library starts, never in
 * `.git/config`, where code the model wrote (the tests it runs) could read it.
 */
export function gitAuthEnv(token: string, serverUrl: string): Record<string, string> {
  const origin = new URL(serverUrl).origin;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
