import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../src/errors.js';
import { BUILTIN_DENY, budgetOf, DEFAULT_MAX_COST_USD, DEFAULT_POLICY, loadPolicy, mergePolicy, modelFor, parsePolicy } from '../src/policy/index.js';

const FILE = '.github/agents.yml';

function configError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

async function rejection(promise: Promise<unknown>): Promise<ConfigurationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('defaults', () => {
  test('an empty or comment-only file is the default policy', () => {
    expect(parsePolicy('').policy).toEqual(DEFAULT_POLICY);
    expect(parsePolicy('# nothing yet\n').policy).toEqual(DEFAULT_POLICY);
  });

  test('the defaults are the documented ones', () => {
    expect(DEFAULT_POLICY.version).toBe(1);
    expect(DEFAULT_POLICY.limits).toEqual({
      'max-patch-lines': 500,
      'max-files': 20,
      'max-deleted-lines': 200,
      'max-deleted-files': 3,
      attempts: 3,
      'max-issues': 5,
      'issue-body-chars': 20000,
    });
    expect(DEFAULT_POLICY.labels).toEqual({
      ready: 'agent:ready',
      freeze: 'needs-human-review',
      'red-mode': 'red-mode',
      fix: ['bug'],
      'bot-pr': 'agent',
    });
    expect(DEFAULT_POLICY.paths.deny).toEqual([...BUILTIN_DENY]);
    expect(DEFAULT_POLICY.paths.docs).toEqual(['README.md', 'docs/**', '**/*.md']);
    expect(DEFAULT_POLICY['tests-first']).toBe(true);
    expect(DEFAULT_POLICY.review).toEqual({ 'min-score': null, 'feedback-rounds': 1, 'chunk-tokens': 24000 });
    expect(DEFAULT_POLICY.tests).toEqual({ command: null, 'timeout-minutes': 10, junit: null, env: {} });
    expect(DEFAULT_POLICY.budget['max-tokens']).toBe(500000);
    expect(DEFAULT_POLICY.budget.prices['gpt-4.1']).toEqual({ input: 2, 'cached-input': 0.5, output: 8 });
    expect(DEFAULT_POLICY['bot-login']).toBe('github-actions[bot]');
    expect(DEFAULT_POLICY).not.toHaveProperty('hosts-allow');
    expect(DEFAULT_POLICY.budget['max-cost-usd']).toBeUndefined();
    expect(DEFAULT_POLICY['env-allow']).toContain('PATH');
    expect(Object.isFrozen(DEFAULT_POLICY.paths.deny)).toBe(true);
  });

  test('models: a strong default for most roles, a cheaper one for implement', () => {
    expect(modelFor(DEFAULT_POLICY, 'plan')).toBe('gpt-4.1');
    expect(modelFor(DEFAULT_POLICY, 'review')).toBe('gpt-4.1');
    expect(modelFor(DEFAULT_POLICY, 'implement')).toBe('gpt-4.1-mini');
    const { policy } = parsePolicy('models:\n  default: o3\n  scribe: gpt-4.1-nano\n');
    expect(modelFor(policy, 'security')).toBe('o3');
    expect(modelFor(policy, 'scribe')).toBe('gpt-4.1-nano');
  });
});

describe('a valid file', () => {
  test('is read with its values and the rest defaulted', () => {
    const { policy, notices } = parsePolicy(
      [
        'version: 1',
        'limits:',
        '  max-patch-lines: 300',
        'tests-first: false',
        'tests: { command: "npm test", junit: "reports/**/*.xml" }',
        'budget:',
        '  prices:',
        '    my-model: { input: 1, output: 2 }',
        'labels: { ready: "ready for bot 🤖", fix: [bug, regression] }',
        'env-allow: [PATH, "LC_*"]',
      ].join('\n'),
    );
    expect(policy.limits['max-patch-lines']).toBe(300);
    expect(policy.limits['max-files']).toBe(20);
    expect(policy['tests-first']).toBe(false);
    expect(policy.tests.command).toBe('npm test');
    expect(policy.budget.prices['my-model']).toEqual({ input: 1, output: 2 });
    expect(policy.budget.prices['gpt-4.1']).toBeDefined();
    expect(policy.labels.ready).toBe('ready for bot 🤖');
    expect(policy.labels.freeze).toBe('needs-human-review');
    expect(policy.labels.fix).toEqual(['bug', 'regression']);
    expect(notices).toEqual([]);
  });

  test('deny always keeps the built-in globs, and the notices say so', () => {
    const { policy, notices } = parsePolicy('paths:\n  deny: ["vendor/**"]\n  allow: ["src/**", ".github/workflows/**"]\n');
    expect(policy.paths.deny).toEqual([...BUILTIN_DENY, 'vendor/**']);
    expect(policy.paths.deny).toContain('.github/workflows/**');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^\.github\/agents\.yml: paths\.deny does not list \.github\/workflows\/\*\*, \.github\/agents\.yml, \.github\/agents\.yaml, \.github\/agents\/\*\*, \.git\/\*\*/,
    );
    expect(notices[0]).toContain('stay denied');
  });

  test('an empty deny list still denies the built-ins', () => {
    expect(parsePolicy('paths: { deny: [] }').policy.paths.deny).toEqual([...BUILTIN_DENY]);
  });

  test('a secret-looking env name listed exactly passes, with a notice', () => {
    const { policy, notices } = parsePolicy('env-allow: [PATH, NPM_TOKEN]\n');
    expect(policy['env-allow']).toEqual(['PATH', 'NPM_TOKEN']);
    expect(notices.join('\n')).toContain('env-allow passes NPM_TOKEN to tool processes by exact name');
  });

  test('a section whose lines are all commented out means its defaults', () => {
    const { policy } = parsePolicy('limits:\n  # max-patch-lines: 100\nbudget:\n  prices:\n');
    expect(policy.limits).toEqual(DEFAULT_POLICY.limits);
    expect(policy.budget.prices).toEqual(DEFAULT_POLICY.budget.prices);
  });

  test('a null where a value belongs is still an error', () => {
    expect(configError(() => parsePolicy('limits:\n  attempts:\n')).message).toBe(
      `.github/agents.yml: key 'limits.attempts': expected a whole number from 1 to 10, got null (line 2)`,
    );
    expect(configError(() => parsePolicy('tests: { command: "" }')).message).toContain(
      `key 'tests.command': expected a non-empty string (or null), got ""`,
    );
  });

  test('max-tokens is a count, not a secret', () => {
    expect(parsePolicy('budget: { max-tokens: 1000 }').policy.budget['max-tokens']).toBe(1000);
  });
});

describe('a wrong file names the key and the file', () => {
  test('wrong type', () => {
    const error = configError(() => parsePolicy('limits:\n  max-patch-lines: lots\n'));
    expect(error.message).toBe(`.github/agents.yml: key 'limits.max-patch-lines': expected a positive whole number, got "lots" (line 2)`);
    expect(error.where).toBe(FILE);
  });

  test('wrong types of other kinds', () => {
    expect(configError(() => parsePolicy('tests-first: yes')).message).toContain(`key 'tests-first': expected true or false, got "yes"`);
    expect(configError(() => parsePolicy('review: { min-score: 6 }')).message).toContain(`key 'review.min-score'`);
    expect(configError(() => parsePolicy('review: { min-scor: 3 }')).message).toContain('min-scor');
    expect(parsePolicy('review: { min-score: 3, feedback-rounds: 0 }').policy.review).toMatchObject({ 'min-score': 3, 'feedback-rounds': 0 });
    expect(configError(() => parsePolicy('limits: { attempts: 11 }')).message).toContain(
      `key 'limits.attempts': expected a whole number from 1 to 10, got 11`,
    );
    expect(configError(() => parsePolicy('budget: { max-cost-usd: 0 }')).message).toContain(
      `key 'budget.max-cost-usd': expected a positive number (USD), got 0`,
    );
    expect(configError(() => parsePolicy('version: 2')).message).toContain(`key 'version': expected 1, got 2`);
    expect(configError(() => parsePolicy('limits: 5')).message).toContain(`key 'limits': expected a mapping of keys to values, got 5`);
    expect(configError(() => parsePolicy('paths: { deny: "secrets/**" }')).message).toContain(
      `key 'paths.deny': expected a list (each item a path glob relative to the repository root), got "secrets/**"`,
    );
    expect(configError(() => parsePolicy('models: { review: "gpt 4" }')).message).toContain(`key 'models.review': expected a model name`);
    expect(configError(() => parsePolicy('env-allow: ["MY-VAR"]')).message).toContain(`key 'env-allow[0]': expected an environment variable name`);
  });

  test('several problems are reported together with their lines', () => {
    const error = configError(() => parsePolicy('limits:\n  max-files: 0\n  attempts: many\n'));
    expect(error.message).toBe(
      `.github/agents.yml: key 'limits.max-files': expected a positive whole number, got 0 (line 2); key 'limits.attempts': expected a whole number from 1 to 10, got "many" (line 3)`,
    );
  });

  test('unknown key, with a suggestion', () => {
    const error = configError(() => parsePolicy('limits:\n  max_patch_lines: 10\n'));
    expect(error.message).toBe(`.github/agents.yml: unknown key 'limits.max_patch_lines' (did you mean 'max-patch-lines'?) (line 2)`);
    expect(configError(() => parsePolicy('lables: {}')).message).toContain(`unknown key 'lables' (did you mean 'labels'?)`);
    expect(configError(() => parsePolicy('budget: { prices: { gpt-4.1: { input: 1, output: 2, cache: 1 } } }')).message).toContain(
      `unknown key 'budget.prices["gpt-4.1"].cache' (did you mean 'cached-input'?)`,
    );
  });

  test('a model name in budget.prices that is not one', () => {
    expect(configError(() => parsePolicy('budget: { prices: { "gpt 4": { input: 1, output: 2 } } }')).message).toBe(
      `.github/agents.yml: key 'budget.prices["gpt 4"]': the name "gpt 4" is not valid here; expected a model name such as "gpt-4.1" (letters, digits, ".", "-", "_", ":", "/", "@"; no spaces) (line 1)`,
    );
    expect(configError(() => parsePolicy('budget: { prices: { m: { input: -1, output: 2 } } }')).message).toContain(
      `key 'budget.prices.m.input': expected a number of 0 or more, got -1`,
    );
  });

  test('an unknown key with nothing close lists the known keys', () => {
    expect(configError(() => parsePolicy('tests: { frobnicate: 1 }')).message).toContain(
      `unknown key 'tests.frobnicate' (known keys: command, timeout-minutes, junit, env)`,
    );
  });

  test('invalid glob names the key', () => {
    const error = configError(() => parsePolicy('paths:\n  allow:\n    - "src/**"\n    - "src/[z-a].ts"\n'));
    expect(error.message).toMatch(/^\.github\/agents\.yml: key 'paths\.allow\[1\]': not a valid glob \(.*\), got "src\/\[z-a\]\.ts" \(line 4\)$/);
    expect(configError(() => parsePolicy('paths: { tests: ["**/*.{ts"] }')).message).toContain(`key 'paths.tests[0]': not a valid glob`);
    expect(configError(() => parsePolicy('paths: { docs: ["docs/**", "../wiki/**"] }')).message).toContain(
      `key 'paths.docs[1]': globs must stay inside the repository`,
    );
    expect(parsePolicy('paths: { docs: ["docs/**"] }').policy.paths.docs).toEqual(['docs/**']);
    expect(configError(() => parsePolicy('paths: { allow: ["../outside/**"] }')).message).toContain(
      `key 'paths.allow[0]': globs must stay inside the repository`,
    );
    expect(configError(() => parsePolicy('paths: { allow: ["/etc/**"] }')).message).toContain('remove the leading "/"');
    expect(configError(() => parsePolicy('paths: { deny: [""] }')).message).toContain(`key 'paths.deny[0]': an empty glob matches nothing`);
  });

  test('label names are validated like GitHub', () => {
    expect(configError(() => parsePolicy('labels: { ready: "" }')).message).toBe(
      `.github/agents.yml: key 'labels.ready': a label name must not be empty or blank, got "" (line 1)`,
    );
    expect(configError(() => parsePolicy('labels: { freeze: "   " }')).message).toContain(
      `key 'labels.freeze': a label name must not be empty or blank`,
    );
    const long = 'x'.repeat(51);
    expect(configError(() => parsePolicy(`labels: { red-mode: ${long} }`)).message).toContain(
      `key 'labels.red-mode': a label name has at most 50 characters (GitHub's limit), this one has 51`,
    );
    expect(parsePolicy(`labels: { red-mode: ${'x'.repeat(50)} }`).policy.labels['red-mode']).toHaveLength(50);
    expect(configError(() => parsePolicy('labels: { fix: [bug, ""] }')).message).toContain(`key 'labels.fix[1]': a label name must not be empty`);
    expect(configError(() => parsePolicy('labels: { ready: "a,b" }')).message).toContain("must not contain ','");
    expect(configError(() => parsePolicy('labels: { ready: 7 }')).message).toContain(
      `key 'labels.ready': expected a GitHub label name (1 to 50 characters), got 7`,
    );
  });

  test('keys that look like secrets are refused, whatever their place', () => {
    for (const text of [
      'github-token: abc',
      'models: { api-key: abc }',
      'openai:\n  password: hunter2\n',
      'budget: { prices: { x: { token: 1 } } }',
    ]) {
      const error = configError(() => parsePolicy(text));
      expect(error.message).toMatch(/^\.github\/agents\.yml: key '[^']+' looks like a secret, and secrets are never read from this file/);
      expect(error.message).toContain('`secrets.*`');
      expect(error.message).not.toContain('hunter2');
    }
  });

  test('values shaped like tokens are refused and not echoed', () => {
    const token = `ghp_${'a'.repeat(36)}`;
    const error = configError(() => parsePolicy(`models: { default: ${token} }`));
    expect(error.message).toContain(`the value of key 'models.default' looks like a secret token`);
    expect(error.message).not.toContain(token);
  });

  test('YAML syntax errors give file:line:col', () => {
    const error = configError(() => parsePolicy('version: 1\nlimits:\n  attempts: [1, 2\npaths: {}\n'));
    expect(error.where).toMatch(/^\.github\/agents\.yml:\d+:\d+$/);
    expect(error.message).toMatch(/^\.github\/agents\.yml:4:1: YAML syntax error: /);
    expect(configError(() => parsePolicy('limits:\n  attempts: 1\n  attempts: 2\n')).message).toMatch(
      /^\.github\/agents\.yml:3:3: YAML syntax error: Map keys must be unique$/,
    );
    expect(configError(() => parsePolicy('\tversion: 1')).message).toMatch(/^\.github\/agents\.yml:1:1: YAML syntax error: Tabs/);
    expect(configError(() => parsePolicy('a: *nowhere')).message).toMatch(/^\.github\/agents\.yml: YAML error: Unresolved alias/);
    expect(configError(() => parsePolicy('---\nversion: 1\n---\nversion: 1\n')).message).toBe(
      ".github/agents.yml:3:1: YAML syntax error: the file holds more than one YAML document (a second '---'); keep one",
    );
  });

  test('a file that is not a mapping', () => {
    expect(configError(() => parsePolicy('- a\n- b\n')).message).toBe(
      '.github/agents.yml: expected a mapping of settings (key: value) at the top level, got a list',
    );
    expect(configError(() => parsePolicy('just words')).message).toContain('got "just words"');
  });

  test('the file name in messages is the one given', () => {
    expect(configError(() => parsePolicy('limits: { attempts: 0 }', 'config/bots.yml')).message).toMatch(
      /^config\/bots\.yml: key 'limits\.attempts'/,
    );
  });
});

describe('loadPolicy', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'eternia-policy-'));
    await mkdir(path.join(workspace, '.github'));
    await writeFile(path.join(workspace, '.github', 'agents.yml'), 'limits:\n  max-issues: 9\n');
    await mkdir(path.join(workspace, 'dir.yml'));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  test('reads .github/agents.yml from the workspace', async () => {
    const loaded = await loadPolicy({ workspace });
    expect(loaded.source).toBe(FILE);
    expect(loaded.policy.limits['max-issues']).toBe(9);
    expect(loaded.notices).toEqual([]);
  });

  test('a missing file means the defaults, with a notice and source null', async () => {
    const loaded = await loadPolicy({ workspace, file: 'nope.yml' });
    expect(loaded).toEqual({ policy: DEFAULT_POLICY, source: null, notices: ['no nope.yml in the repository; using the default policy'] });
  });

  test('a directory is a configuration error naming it', async () => {
    const error = await rejection(loadPolicy({ workspace, file: 'dir.yml' }));
    expect(error.message).toBe('dir.yml: is a directory, expected a YAML file');
  });

  test('an unreadable file is a configuration error naming it', async () => {
    const readFile = async () => {
      throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    };
    const error = await rejection(loadPolicy({ workspace, readFile }));
    expect(error.message).toBe('.github/agents.yml: cannot be read (EACCES)');
  });

  test('the injected reader is used with the absolute path', async () => {
    const seen: string[] = [];
    const loaded = await loadPolicy({
      workspace: '/repo',
      readFile: async (p) => {
        seen.push(p);
        return 'tests-first: false';
      },
    });
    expect(seen).toEqual([path.resolve('/repo/.github/agents.yml')]);
    expect(loaded.policy['tests-first']).toBe(false);
  });

  test('a policy file outside the workspace is refused', async () => {
    const error = await rejection(loadPolicy({ workspace, file: '../elsewhere.yml' }));
    expect(error.message).toBe("policy file '../elsewhere.yml': the policy file must be a file inside the repository");
  });

  test('an oversized file is refused before parsing', async () => {
    const error = await rejection(loadPolicy({ workspace, readFile: async () => `# ${'x'.repeat(300 * 1024)}` }));
    expect(error.message).toMatch(/^\.github\/agents\.yml: is larger than 256 KiB/);
  });
});

describe('mergePolicy', () => {
  test('inputs win over the file, coerced by the type of the key', () => {
    const base = parsePolicy('limits: { max-patch-lines: 100 }\nmodels: { implement: gpt-4.1-nano }').policy;
    const merged = mergePolicy(base, [
      { input: 'max-patch-lines', key: 'limits.max-patch-lines', value: '250' },
      { input: 'model', key: 'models.implement', value: 'o4-mini' },
      { input: 'tests-first', key: 'tests-first', value: 'False' },
      { input: 'deny', key: 'paths.deny', value: 'vendor/**\ndist/**\n' },
      { input: 'attempts', key: 'limits.attempts', value: '' },
      { input: 'ready-label', key: 'labels.ready', value: undefined },
    ]);
    expect(merged.limits['max-patch-lines']).toBe(250);
    expect(merged.limits.attempts).toBe(3);
    expect(merged.models.implement).toBe('o4-mini');
    expect(merged['tests-first']).toBe(false);
    expect(merged.paths.deny).toEqual([...BUILTIN_DENY, 'vendor/**', 'dist/**']);
    expect(merged.labels.ready).toBe('agent:ready');
    // The input policy is not changed.
    expect(base.limits['max-patch-lines']).toBe(100);
  });

  test('no overrides set returns the same policy', () => {
    expect(mergePolicy(DEFAULT_POLICY, [{ input: 'x', key: 'limits.attempts', value: '' }])).toBe(DEFAULT_POLICY);
  });

  test('a bad value names the input and the key it sets', () => {
    const error = configError(() => mergePolicy(DEFAULT_POLICY, [{ input: 'max-patch-lines', key: 'limits.max-patch-lines', value: 'lots' }]));
    expect(error.where).toBe("input 'max-patch-lines'");
    expect(error.message).toBe(`input 'max-patch-lines': expected a positive whole number, got "lots" (it sets policy key 'limits.max-patch-lines')`);
    expect(configError(() => mergePolicy(DEFAULT_POLICY, [{ input: 'tests-first', key: 'tests-first', value: 'yes' }])).message).toBe(
      `input 'tests-first': expected true or false, got "yes" (it sets policy key 'tests-first')`,
    );
  });

  test('a bad item of a list input says which item', () => {
    const error = configError(() => mergePolicy(DEFAULT_POLICY, [{ input: 'allow', key: 'paths.allow', value: 'src/**\nsrc/[z-a]' }]));
    expect(error.message).toMatch(/^input 'allow': item 2: not a valid glob .*, got "src\/\[z-a\]" \(it sets policy key 'paths\.allow'\)$/);
    const label = configError(() => mergePolicy(DEFAULT_POLICY, [{ input: 'freeze-label', key: 'labels.freeze', value: 'x'.repeat(60) }]));
    expect(label.message).toContain(`input 'freeze-label': a label name has at most 50 characters`);
  });

  test('an override cannot un-deny the built-in globs', () => {
    const merged = mergePolicy(DEFAULT_POLICY, [{ input: 'deny', key: 'paths.deny', value: 'nothing/**' }]);
    expect(merged.paths.deny).toEqual(expect.arrayContaining([...BUILTIN_DENY, 'nothing/**']));
  });

  test('a key that is not in the policy is a bug in the action, not a user error', () => {
    expect(() => mergePolicy(DEFAULT_POLICY, [{ input: 'x', key: 'limits.nope', value: '1' }])).toThrow(
      "mergePolicy: input 'x' maps to 'limits.nope', which is not a policy key",
    );
    expect(() => mergePolicy(DEFAULT_POLICY, [{ input: 'x', key: 'limits.nope', value: '1' }])).not.toThrow(ConfigurationError);
  });
});

describe('keys added or removed for adoption', () => {
  test('hosts-allow was never enforced: a file that sets it gets an error naming the key, its line and what to do instead', () => {
    const error = configError(() => parsePolicy('version: 1\nhosts-allow: [registry.npmjs.org]\n'));
    expect(error.where).toBe(FILE);
    expect(error.message).toContain("key 'hosts-allow' was removed");
    expect(error.message).toContain('sandbox.network: false');
    expect(error.message).toContain('(line 2)');
    expect(() => parsePolicy('hosts-allow: []')).toThrow(/hosts-allow' was removed/);
  });

  test('budget: the default cap needs no prices; a cap the file sets demands them', () => {
    expect(budgetOf(DEFAULT_POLICY)).toEqual({ maxTokens: 500_000, maxCostUsd: DEFAULT_MAX_COST_USD, requirePrices: false });
    expect(budgetOf(parsePolicy('budget: { max-cost-usd: 2.5 }').policy)).toEqual({ maxTokens: 500_000, maxCostUsd: 2.5, requirePrices: true });
    // An override through mergePolicy re-parses the policy: the absent cap stays absent.
    expect(budgetOf(mergePolicy(DEFAULT_POLICY, [{ input: 'model', key: 'models.plan', value: 'llama3.1:8b' }])).requirePrices).toBe(false);
  });

  test('tests.env: literal variables for the test command; credentials and runner variables are refused by name', () => {
    expect(parsePolicy('tests: { env: { PYTHONPATH: src, DJANGO_SETTINGS_MODULE: app.settings } }').policy.tests.env).toEqual({
      PYTHONPATH: 'src',
      DJANGO_SETTINGS_MODULE: 'app.settings',
    });
    expect(configError(() => parsePolicy('tests: { env: { GITHUB_TOKEN: x } }')).message).toMatch(/tests\.env/);
    expect(configError(() => parsePolicy('tests: { env: { LD_PRELOAD: /tmp/x.so } }')).message).toContain('changes how programs load');
    expect(configError(() => parsePolicy('tests: { env: { DB_PASSWORD: hunter2 } }')).message).toMatch(/tests\.env\.DB_PASSWORD/);
    expect(configError(() => parsePolicy('tests: { env: { MY_SESSION_SECRET_VALUE: x } }')).message).toMatch(/credential|secret/);
    expect(configError(() => parsePolicy('tests: { env: { "1BAD": x } }')).message).toContain('letters, digits and "_"');
    expect(configError(() => parsePolicy('tests: { env: { PYTHONPATH: [src] } }')).message).toContain("key 'tests.env.PYTHONPATH'");
  });
});
