import { describe, expect, test } from '@jest/globals';
import { REDACTED, isSecretLookingName, redactSecrets, scrubEnv, secretValuesFromEnv } from '../src/redact.js';

const GHP = `ghp_${'a1B2'.repeat(9)}`;
const GHS = `ghs_${'Z9y8'.repeat(9)}`;
const PAT = `github_pat_11ABCDEFG0${'x'.repeat(60)}`;
const SK = `sk-proj-${'Q'.repeat(40)}`;

describe('redactSecrets', () => {
  test('replaces registered values, longest first, every occurrence', () => {
    const text = 'value hunter2-long and hunter2 and hunter2-long again';
    expect(redactSecrets(text, ['hunter2', 'hunter2-long'])).toBe(`value ${REDACTED} and ${REDACTED} and ${REDACTED} again`);
  });

  test('finds token shapes nobody registered', () => {
    const text = `a ${GHP} b ${GHS} c ${PAT} d ${SK} e`;
    const out = redactSecrets(text, []);
    for (const token of [GHP, GHS, PAT, SK]) expect(out).not.toContain(token);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED} e`);
  });

  test('masks auth headers and URL passwords but keeps what they were', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-123', [])).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactSecrets('git push https://x-access-token:s3cr3t@github.com/o/r.git', [])).toBe(
      `git push https://x-access-token:${REDACTED}@github.com/o/r.git`,
    );
  });

  test('masks each line of a multi-line secret, and ignores empty secrets', () => {
    const key = '-----BEGIN KEY-----\nMIIEabcdef\n-----END KEY-----';
    const out = redactSecrets('line MIIEabcdef leaked', [key, '', '   ']);
    expect(out).toBe(`line ${REDACTED} leaked`);
    expect(redactSecrets('nothing here', [''])).toBe('nothing here');
  });

  test('leaves ordinary text alone', () => {
    const text = 'max-tokens: 500000; see token budget; skip sk-8 and ghp_short';
    expect(redactSecrets(text, [])).toBe(text);
  });
});

describe('secretValuesFromEnv', () => {
  test('takes values of *TOKEN*/*KEY*/*SECRET*/*PASSWORD* variables, skipping short and boolean values', () => {
    const values = secretValuesFromEnv({
      GITHUB_TOKEN: 'tok-1234567890',
      OPENAI_API_KEY: 'abcdefghijkl',
      DB_PASSWORD: 'correct horse',
      MY_SECRET: 'true',
      SOME_KEY: '1',
      PATH: '/usr/bin:/bin',
      'INPUT_GITHUB-TOKEN': 'from-input-123',
      EMPTY_TOKEN: undefined,
    });
    expect(values.sort()).toEqual(['abcdefghijkl', 'correct horse', 'from-input-123', 'tok-1234567890']);
  });

  test('names', () => {
    expect(isSecretLookingName('NPM_TOKEN')).toBe(true);
    expect(isSecretLookingName('aws_secret_access_key')).toBe(true);
    expect(isSecretLookingName('GIT_AUTHOR_NAME')).toBe(false);
    expect(isSecretLookingName('PATH')).toBe(false);
  });
});

describe('scrubEnv', () => {
  const env = {
    PATH: '/bin',
    HOME: '/home/runner',
    LC_ALL: 'C',
    LC_SECRET_THING: 'x',
    NPM_TOKEN: 'npm-secret',
    OPENAI_API_KEY: 'sk-x',
    GITHUB_TOKEN: 'ghs-x',
    ACTIONS_RUNTIME_TOKEN: 'rt',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
    'INPUT_GITHUB-TOKEN': 'in',
    NODE_ENV: 'test',
    UNLISTED: 'u',
    MISSING: undefined,
  };

  test('keeps only allow-listed names and prefixes', () => {
    expect(scrubEnv(env, ['PATH', 'HOME', 'LC_*', 'NODE_ENV', 'MISSING'])).toEqual({
      PATH: '/bin',
      HOME: '/home/runner',
      LC_ALL: 'C',
      NODE_ENV: 'test',
    });
  });

  test('a prefix never lets a secret-looking name through; an exact name does', () => {
    expect(scrubEnv(env, ['*'])).not.toHaveProperty('NPM_TOKEN');
    expect(scrubEnv(env, ['NPM_*'])).toEqual({});
    expect(scrubEnv(env, ['NPM_TOKEN'])).toEqual({ NPM_TOKEN: 'npm-secret' });
  });

  test("the runner's own credentials never pass, even by exact name", () => {
    const out = scrubEnv(env, ['GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'INPUT_GITHUB-TOKEN', '*']);
    expect(Object.keys(out).sort()).toEqual(['HOME', 'LC_ALL', 'NODE_ENV', 'PATH', 'UNLISTED']);
  });
});

describe('redactSecrets (properties)', () => {
  test('a registered secret never survives, wherever it sits in the text', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0 && !s.includes('*')),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
        (secret, parts) => {
          const text = parts.join(secret);
          const out = redactSecrets(`${text}${secret}`, [secret]);
          return !out.includes(secret.trim());
        },
      ),
      { numRuns: 300 },
    );
  });
});
