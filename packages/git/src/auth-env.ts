import { authHeaderConfig } from './hardened-env.js';

/**
 * Environment that hands git an Authorization header for one host, for pushes from a checkout made with
 * `persist-credentials: false`. The token then lives only in the git processes this library starts, never in
 * `.git/config`, where code the model wrote (the tests it runs) could read it.
 */
export function gitAuthEnv(token: string, serverUrl: string): Record<string, string> {
  const [[key, value]] = Object.entries(authHeaderConfig(token, serverUrl)) as [[string, string]];
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: key, GIT_CONFIG_VALUE_0: value };
}
