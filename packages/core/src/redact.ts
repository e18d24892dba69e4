/**
 * Keeping secrets out of logs, job summaries, prompts and tool processes.
 *
 * Two jobs: `redactSecrets` replaces known secret values and token-shaped strings in text;
 * `scrubEnv` builds the environment of a child process from an allow-list.
 */

export const REDACTED = '***';

/**
 * Token shapes that are secret wherever they appear, even when nobody registered them:
 * GitHub tokens (classic, fine-grained, app, OAuth, refresh), OpenAI-style keys, HTTP auth headers
 * and passwords in URLs (`https://x-access-token:…@github.com`).
 */
const TOKEN_PATTERNS: ReadonlyArray<{ pattern: RegExp; keep?: number }> = [
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g },
  { pattern: /\bsk-[A-Za-z0-9_-]{16,}/g },
  // Keep the scheme word ("Bearer ") so the message still says what was there.
  { pattern: /\b(authorization\s*[:=]\s*(?:bearer|token|basic)\s+)[^\s"',;]+/gi, keep: 1 },
  { pattern: /\b((?:bearer|token)\s+)(?=[A-Za-z0-9_.=-]{20,})[A-Za-z0-9_.=-]+/gi, keep: 1 },
  // https://user:password@host — the password part only.
  { pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+(?=@)/gi, keep: 1 },
];

/**
 * Replaces every occurrence of each secret (longest first, so a secret containing another is
 * replaced whole) and every token-shaped string with `***`. Multi-line secrets are also masked line
 * by line, as the runner does, because logs often split them.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const values = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string') continue;
    const trimmed = secret.trim();
    if (trimmed.length === 0) continue;
    values.add(secret);
    if (trimmed !== secret) values.add(trimmed);
    if (secret.includes('\n')) {
      for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 4) values.add(line.trim());
    }
  }
  let out = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(REDACTED);
  }
  for (const { pattern, keep } of TOKEN_PATTERNS) {
    out = out.replace(pattern, (...groups: string[]) => (keep ? `${groups[keep]}${REDACTED}` : REDACTED));
  }
  return out;
}

/** Names whose values are secret by convention: *TOKEN*, *SECRET*, *KEY*, *PASSWORD*, *CREDENTIAL*… */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|PRIVATE/i;

export function isSecretLookingName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Values of environment variables whose names look secret (GITHUB_TOKEN, OPENAI_API_KEY,
 * INPUT_GITHUB-TOKEN…). Very short values and booleans are skipped: masking every "1" in a
 * message would hide more than it protects.
 */
export function secretValuesFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value || !isSecretLookingName(name)) continue;
    if (value.trim().length < 8 || /^(true|false|yes|no|null|undefined)$/i.test(value.trim())) continue;
    values.push(value);
  }
  return values;
}

/**
 * Credentials of the runner itself. A tool process never gets them, whatever the allow-list says:
 * they would let code the model wrote act as the workflow.
 */
const NEVER_PASSED = [/^GITHUB_TOKEN$/i, /^ACTIONS_RUNTIME_TOKEN$/i, /^ACTIONS_ID_TOKEN_REQUEST_/i, /^ACTIONS_RESULTS_URL$/i, /^INPUT_/i];

/**
 * The environment for a tool process (test runner, linter…), built from an allow-list.
 *
 * - An entry is an exact name (`PATH`) or a prefix ending in `*` (`LC_*`, `npm_config_*`).
 * - A name that looks secret (*TOKEN*, *SECRET*, *KEY*, *PASSWORD*…) passes only when the allow-list
 *   names it exactly: a prefix never lets one through by accident, but a repository that really needs,
 *   say, `NPM_TOKEN` for its tests can say so deliberately.
 * - The runner's own credentials (GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, INPUT_*)
 *   never pass.
 * Names are matched case-sensitively, except on Windows-style environments where the caller should
 * normalise first; undefined values are dropped.
 */
export function scrubEnv(env: Readonly<Record<string, string | undefined>>, allow: readonly string[]): Record<string, string> {
  const exact = new Set(allow.filter((entry) => !entry.endsWith('*')));
  const prefixes = allow.filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (NEVER_PASSED.some((re) => re.test(name))) continue;
    if (exact.has(name)) {
      out[name] = value;
      continue;
    }
    if (isSecretLookingName(name)) continue;
    if (prefixes.some((prefix) => name.startsWith(prefix))) out[name] = value;
  }
  return out;
}
