/**
 * Action inputs, read once into a typed object. Each input is declared in a zod object under its
 * action.yml name (kebab-case); the result uses camelCase keys. Bad values throw a
 * ConfigurationError naming the input: `input 'max-issues': expected a whole number from 1 to 100, got "abc"`.
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError } from './errors.js';
import { baseType, describeExpected, showValue } from './schema-text.js';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The parsed inputs of schema S, keys camelCased (`max-issues` → `maxIssues`). */
export type InputValues<S extends z.ZodObject> = {
  [K in keyof z.output<S> as K extends string ? Camel<K> : K]: z.output<S>[K];
};

export function camelCase(name: string): string {
  return name.replace(/[-_ ]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Exactly the values GitHub's `core.getBooleanInput` accepts (the YAML 1.2 core schema booleans). */
const TRUE_VALUES = new Set(['true', 'True', 'TRUE']);
const FALSE_VALUES = new Set(['false', 'False', 'FALSE']);

export function parseBooleanInput(raw: string): boolean | undefined {
  if (TRUE_VALUES.has(raw)) return true;
  if (FALSE_VALUES.has(raw)) return false;
  return undefined;
}

class InputValueError extends Error {}

/** Turns the raw string of one input into the kind of value its schema wants. */
function coerce(raw: string, kind: string, schema: z.core.$ZodType): unknown {
  switch (kind) {
    case 'boolean': {
      const value = parseBooleanInput(raw);
      if (value === undefined) throw new InputValueError(`expected true or false, got ${showValue(raw)}`);
      return value;
    }
    case 'number': {
      const wantsInt = /whole number/.test(describeExpected(schema));
      const pattern = wantsInt ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
      if (!pattern.test(raw)) throw new InputValueError(`expected ${describeExpected(schema)}, got ${showValue(raw)}`);
      return Number(raw);
    }
    case 'array':
      // One item per line, like core.getMultilineInput; commas are left alone (globs use them in braces).
      return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
    case 'object':
    case 'record':
      try {
        return parseYaml(raw) as unknown;
      } catch (error) {
        throw new InputValueError(
          `expected ${describeExpected(schema)} in YAML or JSON, got text that does not parse (${(error as Error).message.split('\n')[0]})`,
        );
      }
    default:
      return raw;
  }
}

/**
 * Reads every input the schema declares through `getInput` (core.getInput, or a fake in tests).
 * An empty string means "not set", so zod defaults apply and a required input without a value
 * is an error. Booleans follow GitHub's getBooleanInput, numbers must be written as numbers, lists
 * are one item per line. All problems are reported together.
 */
export function parseInputs<S extends z.ZodObject>(schema: S, getInput: (name: string) => string): InputValues<S> {
  const shape = schema.shape as Record<string, z.core.$ZodType>;
  const raw: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const problems: Array<{ input: string; message: string }> = [];
  for (const [name, field] of Object.entries(shape)) {
    const kind = baseType(field);
    const text = getInput(name) ?? '';
    const value = kind === 'array' ? text : text.trim();
    raw[name] = value;
    if (value.trim() === '') continue;
    try {
      values[name] = coerce(value, kind, field);
    } catch (error) {
      if (!(error instanceof InputValueError)) throw error;
      problems.push({ input: name, message: error.message });
    }
  }
  const failed = new Set(problems.map((p) => p.input));
  const result = schema.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (failed.has(name)) continue;
      failed.add(name);
      const field = shape[name];
      if (issue.code === 'unrecognized_keys' || !field) {
        problems.push({ input: name || '(unknown)', message: issue.message });
      } else if (raw[name] === undefined || raw[name].trim() === '') {
        problems.push({ input: name, message: `is required (expected ${describeExpected(field)})` });
      } else if (issue.code === 'custom') {
        problems.push({ input: name, message: `${issue.message}, got ${showValue(raw[name])}` });
      } else {
        problems.push({ input: name, message: `expected ${describeExpected(field)}, got ${showValue(raw[name])}` });
      }
    }
  }
  if (problems.length > 0) {
    const [first, ...rest] = problems;
    const message = [first!.message, ...rest.map((p) => `input '${p.input}': ${p.message}`)].join('; ');
    throw new ConfigurationError(message, `input '${first!.input}'`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) out[camelCase(key)] = value;
  return out as InputValues<S>;
}

/**
 * A token input that must be set. The message says how to pass one and what the job's
 * `permissions:` must grant, because a missing token is the most common first-run mistake.
 */
export function requireToken(
  value: string | undefined,
  inputName: string,
  permissions: readonly string[] = ['contents: write', 'issues: write', 'pull-requests: write'],
): string {
  const token = (value ?? '').trim();
  if (token === '') {
    throw new ConfigurationError(
      `a GitHub token is required but none was given. Pass one with \`with: { ${inputName}: \${{ github.token }} }\` ` +
        `(the same value as \`\${{ secrets.GITHUB_TOKEN }}\`) or a fine-grained token from \`secrets.*\`, ` +
        `and grant the job \`permissions: { ${permissions.join(', ')} }\`.`,
      `input '${inputName}'`,
    );
  }
  if (/\s/.test(token)) {
    throw new ConfigurationError('the token contains whitespace or a line break; check how the secret was pasted', `input '${inputName}'`);
  }
  return token;
}
