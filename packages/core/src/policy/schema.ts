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

const hostName = z
  .string()
  .regex(/^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i)
  .describe('a host name such as "registry.npmjs.org" or "*.example.com", optionally with ":port"');

const price = z
  .strictObject({
    input: z.number().min(0),
    'cached-input': z.number().min(0).optional(),
    output: z.number().min(0),
  })
  .describe('a price in USD per 1M tokens: { input, cached-input, output }');

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
    })
    .prefault({}),
  budget: z
    .strictObject({
      'max-tokens': wholeNumber().default(500_000),
      'max-cost-usd': z.number().positive().default(5),
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
  'env-allow': z.array(envName).default([...DEFAULT_ENV_ALLOW]),
  'hosts-allow': z.array(hostName).default([]),
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
export function modelFor(policy: Policy, role: Role): string {
  return policy.models[role] ?? policy.models.default;
}
