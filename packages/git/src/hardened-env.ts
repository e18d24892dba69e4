/**
 * git for a job that must not run anything of the repository: no hooks (an empty hooks folder), no system or global
 * config, a fixed PATH, and git itself found on that PATH only, so neither a planted hook nor a `git` put on PATH
 * by an earlier step ever sees the token.
 */
import { accessSync, constants, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';

export const FIXED_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The absolute path of git on the fixed PATH. */
export function resolveGit(searchPath = FIXED_PATH): string {
  for (const dir of searchPath.split(':')) {
    const candidate = path.join(dir, 'git');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new ConfigurationError(`git was not found on ${searchPath}`, 'git');
}

/**
 * The whole environment of such git processes: PATH, HOME (an empty private folder), C locale, no config but the
 * repository's own, hooks pointed at an empty folder. `extraConfig` entries (the push credentials) come after.
 */
export function hardenedGitEnv(opts: { tempDir?: string; extraConfig?: Record<string, string> } = {}): Record<string, string> {
  const home = mkdtempSync(path.join(opts.tempDir ?? os.tmpdir(), 'eternia-git-home-'));
  const hooks = mkdtempSync(path.join(opts.tempDir ?? os.tmpdir(), 'eternia-no-hooks-'));
  const config: Array<[string, string]> = [['core.hooksPath', hooks], ['core.fsmonitor', 'false'], ...Object.entries(opts.extraConfig ?? {})];
  const env: Record<string, string> = {
    PATH: FIXED_PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** The push credentials as one config entry (for hardenedGitEnv's extraConfig). */
export function authHeaderConfig(token: string, serverUrl: string): Record<string, string> {
  const origin = new URL(serverUrl).origin;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  return { [`http.${origin}/.extraheader`]: `AUTHORIZATION: basic ${basic}` };
}
