/**
 * Turns what is wrong with a policy document into sentences that name the key:
 * `key 'limits.max-patch-lines': expected a positive whole number, got "lots"`,
 * `unknown key 'limits.max_patch_lines' (did you mean 'max-patch-lines'?)`.
 */
import type { z } from 'zod';
import { closestName, declaredKeys, describeExpected, formatPath, recordKeySchema, schemaAt, showValue, valueAt } from '../schema-text.js';
import { redactSecrets } from '../redact.js';

export interface Problem {
  /** Path of the offending key in the document. */
  path: PropertyKey[];
  /** The sentence, starting with `key '…'` or `unknown key '…'`. */
  text: string;
}

/** One problem per offending key, in document order of zod's issues. */
export function describeIssues(schema: z.core.$ZodType, raw: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = declaredKeys(schemaAt(schema, issue.path) ?? schema);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const guess = closestName(key, known);
        const hint = guess ? ` (did you mean '${guess}'?)` : known.length ? ` (known keys: ${known.join(', ')})` : '';
        problems.push({ path, text: `unknown key '${formatPath(path)}'${hint}` });
      }
      continue;
    }
    const path = [...issue.path];
    const id = formatPath(path);
    if (seen.has(id)) continue;
    seen.add(id);
    const value = valueAt(raw, path);
    const field = schemaAt(schema, path);
    const got = `got ${redactSecrets(showValue(value), [])}`;
    if (issue.code === 'invalid_key') {
      const keySchema = recordKeySchema(schema, path.slice(0, -1));
      const name = JSON.stringify(String(path[path.length - 1]));
      problems.push({
        path,
        text: `key '${id}': the name ${name} is not valid here; expected ${keySchema ? describeExpected(keySchema) : 'another name'}`,
      });
    } else if (issue.code === 'custom') {
      problems.push({ path, text: `key '${id}': ${issue.message}, ${got}` });
    } else {
      problems.push({ path, text: `key '${id}': expected ${field ? describeExpected(field) : 'a valid value'}, ${got}` });
    }
  }
  return problems;
}

const SECRET_KEY =
  /(^|[-_.\s])(token|secret|secrets|password|passwd|passphrase|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret|credentials?|auth[-_]?token|bearer)($|[-_.\s])/i;

/** Whether a key name says it holds a secret (`api-key`, `github-token`, `password`; not `max-tokens`). */
export function isSecretLookingKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Keys that look like secrets, and string values shaped like tokens (ghp_…, github_pat_…, sk-…),
 * anywhere in the document. The file is committed to the repository, so a secret in it is already leaked.
 */
export function findSecrets(raw: unknown, path: PropertyKey[] = []): Problem[] {
  const found: Problem[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((item, index) => found.push(...findSecrets(item, [...path, index])));
  } else if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      const here = [...path, key];
      if (isSecretLookingKey(key)) {
        found.push({ path: here, text: `key '${formatPath(here)}' looks like a secret, and secrets are never read from this file` });
      } else {
        found.push(...findSecrets(value, here));
      }
    }
  } else if (typeof raw === 'string' && redactSecrets(raw, []) !== raw) {
    found.push({ path, text: `the value of key '${formatPath(path)}' looks like a secret token, and secrets are never read from this file` });
  }
  return found;
}
