/**
 * The schema of `.github/agents.yml`: every key optional with a default, unknown keys refused
 * (strict objects), kebab-case names exactly as in the file. The TypeScript `Policy` type keeps those
 * names, so a key has one spelling in the file, in error messages, in overrides and in code.
 */
import { z } from 'zod';
import { globProblem } from './globs.js';

/**
 * Globs denied whatever the file says: workflows (a token with `workflows` scope could escalate), the agents' own
 * policy and prompt overrides (a patch must never widen what the next job may do), git internals, secret files.
 */
export const BUILTIN_DENY: readonly string[] = [
  '.github/workflows/**',
  '.github/agents.yml',
  '.github/agents.yaml',
  '.github/agents/**',
  '.git/**',
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
  '**/secrets/**',
];

export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/*.test.*',
  '**/*.spec.*',
  'test/**',
  'tests/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/__tests__/**',
];

/** What the scribe may write by default: documentation only (paths.deny still applies). */
export const DEFAULT_DOCS_GLOBS: readonly string[] = ['README.md', 'docs/**', '**/*.md'];

/** What tool processes inherit by default: enough to run a toolchain, nothing that authenticates. */
export const DEFAULT_ENV_ALLOW: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TZ',
  'TERM',
  'TMPDIR',
  'TMP',
  'TEMP',
  'CI',
  'NODE_ENV',
  'NODE_OPTIONS',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
  'GITHUB_WORKSPACE',
  'JAVA_HOME',
  'GOPATH',
  'GOROOT',
  'GOCACHE',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'PYTHONPATH',
  'VIRTUAL_ENV',
  'PIP_CACHE_DIR',
  'npm_config_cache',
];

/** USD per 1M tokens, for budget accounting. A file's `budget.prices` adds to or replaces these per model. */
export const DEFAULT_PRICES: Readonly<Record<string, { input: number; 'cached-input': number; output: number }>> = {
  'gpt-4.1': { input: 2.0, 'cached-input': 0.5, output: 8.0 },
  'gpt-4.1-mini': { input: 0.4, 'cached-input': 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, 'cached-input': 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, 'cached-input': 1.25, output: 10.0 },
  'gpt-4o-mini': { input: 0.15, 'cached-input': 0.075, output: 0.6 },
  o3: { input: 2.0, 'cached-input': 0.5, output: 8.0 },
  'o4-mini': { input: 1.1, 'cached-input': 0.275, output: 4.4 },
};

export const ROLES = ['plan', 'write-tests', 'implement', 'review', 'security', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

const wholeNumber = (max?: number) => {
  const base = z.number().int().min(1);
  return max === undefined ? base : base.max(max);
};

const modelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}$/)
  .describe('a model name such as "gpt-4.1" (letters, digits, ".", "-", "_", ":", "/", "@"; no spaces)');

const glob = z
  .string()
  .superRefine((value, ctx) => {
    const problem = globProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('a path glob relative to the repository root');

/** GitHub limits label names to 50 characters; a comma would break the `labels=` filter of the issues API. */
export const labelName = z
  .string()
  .superRefine((value, ctx) => {
    if (value.trim() === '') ctx.addIssue({ code: 'custom', message: 'a label name must not be empty or blank' });
    else if ([...value].length > 50)
      ctx.addIssue({ code: 'custom', message: `a label name has at most 50 characters (GitHub's limit), this one has ${[...value].length}` });
    else if (value !== value.trim()) ctx.addIssue({ code: 'custom', message: 'a label name must not start or end with spaces' });
    else if (value.includes(','))
      ctx.addIssue({ code: 'custom', message: "a label name must not contain ',' (GitHub's issue filter separates labels with commas)" });
  })
  .describe('a GitHub label name (1 to 50 characters)');

const envName = z
  .string()
  .regex(/^(\*|[A-Za-z_][A-Za-z0-9_]*\*?)$/)
  .describe('an environment variable name, or a prefix ending in "*" such as "LC_*"');

/** Names a test command must not get from `tests.env`: the runner's own, credentials, and what changes how programs load. */
const RESERVED_TEST_ENV = /^(GITHUB_|ACTIONS_|RUNNER_|INPUT_|LD_|DYLD_)|^(CI|PYTHONDONTWRITEBYTECODE)$/i;
const SECRET_ENV_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY/i;

const testEnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
  .describe('an environment variable name such as "PYTHONPATH" (letters, digits and "_")');

/** Why tests.env may not set this variable, or null. */
function testEnvProblem(name: string): string | null {
  if (RESERVED_TEST_ENV.test(name)) return `'${name}' is set by the runner or changes how programs load, so tests.env may not set it`;
  if (SECRET_ENV_NAME.test(name)) return `'${name}' looks like a credential; the policy file is committed, so it holds none`;
  return null;
}

/** Kept for the error message of policies written before it was removed (see load.ts). */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
  'hosts-allow':
    'was removed: the sandbox cannot limit network access by host name (it has the network or, with sandbox.network: false, loopback only), so the list was never enforced; delete the key, and set sandbox.network: false to cut the network off',
};

/** budget.max-cost-usd when the file does not set it; a set value also makes a price for every model used mandatory. */
export const DEFAULT_MAX_COST_USD = 5;

const price = z
  .strictObject({
    input: z.number().min(0),
    'cached-input': z.number().min(0).optional(),
    output: z.number().min(0),
  })
  .describe('a price in USD per 1M tokens: { input, cached-input, output }');

/** An http(s) URL without credentials: it is fetched by the runner and printed in issues and comments. */
const serviceUrl = z
  .string()
  .superRefine((value, ctx) => {
    const problem = serviceUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('an http or https URL such as "https://api.example.com/healthz"');

/** Why a URL cannot be a service URL, or null. Exported for URLs built from patterns at run time. */
export function serviceUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the URL must use http or https, not ${url.protocol.slice(0, -1)}`;
  // The URL is shown in public issues and comments: a password in it would leak.
  if (url.username !== '' || url.password !== '') return 'the URL must not carry a user name or password (pass credentials as secrets)';
  return null;
}

/** A service name: shown in tables and used in dedup markers, so plain. */
const serviceName = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9._-]{0,38}[a-z0-9])?$/i)
  .describe('a service name such as "api" (letters, digits, ".", "_", "-"; at most 40 characters)');

const uniqueNames = <T extends { name: string }>(items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const name = item.name.toLowerCase();
    if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `the name '${item.name}' is used twice` });
    seen.add(name);
  });
};

const timeoutMs = z.number().int().min(100).max(120_000);

const healthCheck = z.strictObject({
  name: serviceName,
  url: serviceUrl,
  'expected-status': z.number().int().min(100).max(599).default(200),
  'timeout-ms': timeoutMs.default(5_000),
});

const previewService = z.strictObject({
  name: serviceName,
  /** `{pr}` is replaced by the pull request number, `{sha}` by its head commit, e.g. `https://shop-api-pr-{pr}.fly.dev`. */
  'url-pattern': z
    .string()
    .superRefine((value, ctx) => {
      if (!value.includes('{pr}') && !value.includes('{sha}')) {
        ctx.addIssue({ code: 'custom', message: 'the pattern must contain {pr} or {sha} (one preview per pull request)' });
        return;
      }
      const problem = serviceUrlProblem(value.replaceAll('{pr}', '1').replaceAll('{sha}', 'abc1234'));
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('a URL with {pr} or {sha}, such as "https://shop-api-pr-{pr}.fly.dev"'),
});

const observedService = z.strictObject({
  name: serviceName,
  'metrics-url': serviceUrl,
  /** Returns recent log lines as text; quoted (sanitised) in the issue. */
  'logs-url': serviceUrl.optional(),
  /** The request-duration histogram, with a status label on its series. */
  histogram: z
    .string()
    .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/)
    .describe('a Prometheus metric name such as "http_request_duration_seconds"')
    .default('http_request_duration_seconds'),
  'status-label': z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
    .describe('a Prometheus label name such as "status_code"')
    .default('status_code'),
});

export const policySchema = z.strictObject({
  version: z.literal(1).default(1),
  models: z
    .strictObject({
      default: modelName.default('gpt-4.1'),
      plan: modelName.optional(),
      'write-tests': modelName.optional(),
      implement: modelName.default('gpt-4.1-mini'),
      review: modelName.optional(),
      security: modelName.optional(),
      scribe: modelName.optional(),
    })
    .prefault({}),
  paths: z
    .strictObject({
      allow: z.array(glob).default(['**']),
      // The built-in globs are always added, so a file cannot un-deny `.github/workflows/**`.
      deny: z
        .array(glob)
        .default([...BUILTIN_DENY])
        .transform((globs) => [...new Set([...BUILTIN_DENY, ...globs])]),
      tests: z.array(glob).default([...DEFAULT_TEST_GLOBS]),
      /** The only paths the scribe's docs patches may write (README sections, API docs, ADRs); paths.deny still wins. */
      docs: z.array(glob).default([...DEFAULT_DOCS_GLOBS]),
    })
    .prefault({}),
  limits: z
    .strictObject({
      'max-patch-lines': wholeNumber().default(500),
      'max-files': wholeNumber().default(20),
      'max-deleted-lines': z.number().int().min(0).default(200),
      'max-deleted-files': z.number().int().min(0).default(3),
      attempts: wholeNumber(10).default(3),
      'max-issues': wholeNumber(100).default(5),
      'issue-body-chars': wholeNumber(1_000_000).default(20_000),
    })
    .prefault({}),
  'tests-first': z.boolean().default(true),
  /** The review job (review role) and how publish gates on it. */
  review: z
    .strictObject({
      /** Every rubric score (1–5) must reach it, else the quality publish fails naming the lowest; null: no gate. */
      'min-score': z.number().int().min(1).max(5).nullable().default(null),
      /** How many times blocking findings go back to implement as feedback (a later run of implement reads them). */
      'feedback-rounds': z.number().int().min(0).max(5).default(1),
      /** Estimated tokens of diff per model call: a larger diff is split by file (and hunk) over several calls. */
      'chunk-tokens': z.number().int().min(1_000).max(200_000).default(24_000),
    })
    .prefault({}),
  tests: z
    .strictObject({
      /** null: detect from the repository (package.json scripts, pytest…). */
      command: z.string().min(1).nullable().default(null),
      'timeout-minutes': wholeNumber(360).default(10),
      /** Glob of JUnit XML reports the command writes; null: parse the command's output. */
      junit: glob.nullable().default(null),
      /** Variables of the test command (PYTHONPATH: src), on top of what env-allow passes; literal values, never expanded. */
      env: z
        .record(
          testEnvName,
          z
            .string()
            .max(4096)
            .regex(/^[^\0]*$/, 'no NUL characters'),
        )
        .superRefine((env, ctx) => {
          for (const name of Object.keys(env)) {
            const problem = testEnvProblem(name);
            if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
          }
        })
        .default({})
        .describe('environment variables set for the test command, name: value'),
    })
    .prefault({}),
  budget: z
    .strictObject({
      'max-tokens': wholeNumber().default(500_000),
      /**
       * Absent: a cap of DEFAULT_MAX_COST_USD on models with a price, and a model without one runs on the token budget
       * alone (with a notice). Set: the cap is demanded, so a model without a price is an error naming budget.prices.
       */
      'max-cost-usd': z.number().positive().optional().describe('a positive number (USD)'),
      prices: z
        .record(modelName, price)
        .default({})
        .transform((prices) => ({ ...DEFAULT_PRICES, ...prices })),
    })
    .prefault({}),
  labels: z
    .strictObject({
      ready: labelName.default('agent:ready'),
      freeze: labelName.default('needs-human-review'),
      'red-mode': labelName.default('red-mode'),
      fix: z.array(labelName).default(['bug']),
      'bot-pr': labelName.default('agent'),
    })
    .prefault({}),
  /** How repository and model-written code (install, tests) is kept away from the job's secrets. */
  sandbox: z
    .strictObject({
      /** false: tests run in a network namespace with loopback only (a job's `services:` are then unreachable). */
      network: z.boolean().default(true),
      /** true: where no second OS user can be had (no root, no sudo), run that code as the job's user anyway. */
      'allow-unsandboxed': z.boolean().default(false),
    })
    .prefault({}),
  'issue-text': z
    .strictObject({
      /** Whose issue comments the planner reads, by GitHub's author_association; by default those with write access. */
      'comment-authors': z
        .array(z.enum(['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE']))
        .default(['OWNER', 'MEMBER', 'COLLABORATOR']),
    })
    .prefault({}),
  /** Health checks of production and previews: the red-mode action raises red-mode after N failing runs in a row. */
  health: z
    .strictObject({
      checks: z.array(healthCheck).max(50).default([]).superRefine(uniqueNames),
      /** Extra tries of a failing check within one run, before the run counts it as failing. */
      retries: z.number().int().min(0).max(5).default(2),
      'retry-delay-ms': z.number().int().min(0).max(60_000).default(2_000),
      /** Consecutive failing runs before red-mode is raised. */
      'raise-after': wholeNumber(100).default(3),
      /** Consecutive passing runs before red-mode is cleared. */
      'clear-after': wholeNumber(100).default(3),
    })
    .prefault({}),
  /** Preview environments listed in one sticky PR comment. */
  preview: z
    .strictObject({
      /** Services whose preview URL follows a pattern (a Fly app per PR); deployment statuses add the others (Vercel). */
      services: z.array(previewService).max(20).default([]).superRefine(uniqueNames),
      /** Deployment environments whose statuses are read; empty: every environment with an environment_url. */
      environments: z.array(z.string().min(1).max(255)).default([]),
      'health-path': z
        .string()
        .regex(/^\/[A-Za-z0-9._~/-]*$/)
        .describe('a URL path such as "/healthz"')
        .default('/healthz'),
      'timeout-ms': timeoutMs.default(5_000),
    })
    .prefault({}),
  /** Post-deploy observation: 5xx rate and p95 latency compared with the previous run. */
  observe: z
    .strictObject({
      services: z.array(observedService).max(20).default([]).superRefine(uniqueNames),
      /** A regression: the 5xx rate rose by more than this many percentage points. */
      'max-5xx-rate-increase': z.number().min(0).max(100).default(1),
      /** A regression: p95 grew by more than this percentage over the baseline. */
      'max-p95-increase-percent': z.number().min(0).max(10_000).default(50),
      /** Windows with fewer requests than this are not judged (too few to tell). */
      'min-requests': wholeNumber().default(50),
      'timeout-ms': timeoutMs.default(10_000),
      /** Most log lines quoted in an issue. */
      'log-lines': z.number().int().min(0).max(200).default(20),
    })
    .prefault({}),
  'env-allow': z.array(envName).default([...DEFAULT_ENV_ALLOW]),
  'bot-login': z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/)
    .describe('a GitHub login such as "github-actions[bot]"')
    .default('github-actions[bot]'),
});

export type Policy = z.output<typeof policySchema>;
/** What a policy file may contain (every key optional). */
export type PolicyInput = z.input<typeof policySchema>;

/** The policy of a repository without `.github/agents.yml`. Frozen: copy before changing. */
export const DEFAULT_POLICY: Policy = deepFreeze(policySchema.parse({}));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The model a role uses: its own setting, else `models.default` (implement has its own cheaper default). */
/**
 * The budget a model client enforces: max-tokens always; the cost cap of the file, else the default one; and whether
 * every model must have a price (only when the file sets max-cost-usd itself).
 */
export function budgetOf(policy: Policy): { maxTokens: number; maxCostUsd: number; requirePrices: boolean } {
  const cap = policy.budget['max-cost-usd'];
  return { maxTokens: policy.budget['max-tokens'], maxCostUsd: cap ?? DEFAULT_MAX_COST_USD, requirePrices: cap !== undefined };
}

export function modelFor(policy: Policy, role: Role): string {
  return policy.models[role] ?? policy.models.default;
}
