/** Removes credentials embedded in URLs (https://user:token@host, https://token@host) from git's output. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}
