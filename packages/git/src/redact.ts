import { redactSecrets } from '@eternia/core';

/** Removes credentials embedded in URLs (https://user:token@host, https://token@host) from git's output. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}

/** What may go into an error from git: no URL credentials, no token-shaped strings, no auth headers. */
export function redactGitText(text: string): string {
  return redactSecrets(redactUrlCredentials(text), []);
}
