import { scrubEnv } from '@eternia/core';

/**
 * Names every test process gets from the base environment when present: without PATH nothing can
 * be found, without HOME or TMPDIR many tools break; a policy that
 * overrides `env-allow` should not have to repeat them. None of them carries a credential.
 */
export const TEST_ENV_BASELINE: readonly string[] = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT', 'PATHEXT', 'WINDIR', 'COMSPEC'];

/**
 * The environment of a test run: the baseline plus the policy's allow-list, taken from `baseEnv`
 * through core's `scrubEnv` (so *TOKEN*, *SECRET*, *KEY*, *PASSWORD* names pass only when listed by
 * exact name, and the runner's own credentials never), then CI=true so tools run non-interactively,
 * and PYTHONDONTWRITEBYTECODE=1 so the run leaves no __pycache__ in the working tree the agent commits.
 */
export function buildTestEnv(envAllow: readonly string[], baseEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env = scrubEnv(baseEnv, [...TEST_ENV_BASELINE, ...envAllow]);
  env['CI'] = 'true';
  env['PYTHONDONTWRITEBYTECODE'] = '1';
  return env;
}
