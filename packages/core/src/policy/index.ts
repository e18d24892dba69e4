export {
  BUILTIN_DENY,
  DEFAULT_DOCS_GLOBS,
  DEFAULT_ENV_ALLOW,
  DEFAULT_MAX_COST_USD,
  REMOVED_KEYS,
  budgetOf,
  DEFAULT_POLICY,
  DEFAULT_PRICES,
  DEFAULT_TEST_GLOBS,
  ROLES,
  labelName,
  modelFor,
  policySchema,
  serviceUrlProblem,
} from './schema.js';
export type { Policy, PolicyInput, Role } from './schema.js';
export { DEFAULT_POLICY_FILE, loadPolicy, parsePolicy } from './load.js';
export type { LoadedPolicy, LoadPolicyOptions } from './load.js';
export { mergePolicy } from './merge.js';
export type { PolicyOverride } from './merge.js';
export { globProblem } from './globs.js';
export { isSecretLookingKey } from './problems.js';
export { policyJsonSchema, POLICY_SCHEMA_ID } from './json-schema.js';
