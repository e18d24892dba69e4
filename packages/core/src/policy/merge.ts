/**
 * Action inputs that override policy keys (`max-patch-lines` → `limits.max-patch-lines`). Inputs win
 * over the file; the merged result is validated by the same schema, and a bad value is an error
 * naming the input (and the key it sets).
 */
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '../errors.js';
import { parseBooleanInput } from '../inputs.js';
import { baseType, formatPath, schemaAt } from '../schema-text.js';
import { describeIssues } from './problems.js';
import { policySchema, type Policy } from './schema.js';

export interface PolicyOverride {
  /** The action input the value came from, as named in action.yml. */
  input: string;
  /** The dotted policy key it sets, as in the file: `limits.max-patch-lines`, `models.implement`, `paths.deny`. */
  key: string;
  /** The raw input string; empty or undefined means "not set", and the policy value stays. */
  value: string | undefined;
}

/** Applies overrides to a copy of the policy. Unknown keys are a bug in the action (plain Error); bad values a ConfigurationError. */
export function mergePolicy(policy: Policy, overrides: readonly PolicyOverride[]): Policy {
  const merged = structuredClone(policy) as unknown as Record<string, unknown>;
  const applied: Array<PolicyOverride & { path: string[] }> = [];
  for (const override of overrides) {
    const keyPath = override.key.split('.');
    const field = schemaAt(policySchema, keyPath);
    if (!field) throw new Error(`mergePolicy: input '${override.input}' maps to '${override.key}', which is not a policy key`);
    const raw = override.value ?? '';
    if (raw.trim() === '') continue;
    setAt(merged, keyPath, coerce(raw, baseType(field)));
    applied.push({ ...override, path: keyPath });
  }
  if (applied.length === 0) return policy;
  const result = policySchema.safeParse(merged);
  if (result.success) return result.data;

  const problems = describeIssues(policySchema, merged, result.error.issues).map((problem) => {
    const source = applied.find((o) => o.path.every((segment, i) => String(problem.path[i]) === segment));
    if (!source) return { where: `policy key '${formatPath(problem.path)}'`, text: problem.text };
    const rest = problem.text.replace(/^key '[^']*': /, '');
    if (problem.path.length > source.path.length) {
      // One item of a list input: say which line, and show that item rather than the whole input.
      const line = Number(problem.path[source.path.length]) + 1;
      return { where: `input '${source.input}'`, text: `item ${line}: ${rest} (it sets policy key '${source.key}')` };
    }
    const got = /, got .*$/.test(rest) ? rest.replace(/, got .*$/, `, got ${JSON.stringify(source.value)}`) : rest;
    return { where: `input '${source.input}'`, text: `${got} (it sets policy key '${source.key}')` };
  });
  const [first, ...others] = problems;
  throw new ConfigurationError([first!.text, ...others.map((p) => `${p.where}: ${p.text}`)].join('; '), first!.where);
}

function coerce(raw: string, kind: string): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'boolean':
      return parseBooleanInput(text) ?? text;
    case 'number':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
    case 'array':
      return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
    case 'object':
    case 'record':
      try {
        return parseYaml(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

function setAt(root: Record<string, unknown>, keyPath: readonly string[], value: unknown): void {
  let node = root;
  for (const key of keyPath.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keyPath[keyPath.length - 1]!] = value;
}
