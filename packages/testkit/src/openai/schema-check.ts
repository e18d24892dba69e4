import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * Structured outputs, checked the way the provider does: a strict schema must list every property as
 * required and forbid extra ones (the API answers 400 otherwise), and a scripted reply is validated
 * against the requested schema so a test that scripts an impossible answer finds out.
 */

type JsonSchema = Record<string, any>;

/** The first rule of strict structured outputs the schema breaks, worded like the API's 400. */
export function strictSchemaProblem(name: string, schema: JsonSchema): string | undefined {
  const visit = (node: unknown, path: string): string | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) {
        const found = visit(child, `${path}/${i}`);
        if (found) return found;
      }
      return undefined;
    }
    const n = node as JsonSchema;
    if (n.properties && typeof n.properties === 'object') {
      const keys = Object.keys(n.properties);
      const required: unknown[] = Array.isArray(n.required) ? n.required : [];
      const missing = keys.filter((k) => !required.includes(k));
      if (missing.length > 0) {
        return `Invalid schema for response_format '${name}': In context=(${path || '/'}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
      }
      if (n.additionalProperties !== false) {
        return `Invalid schema for response_format '${name}': In context=(${path || '/'}), 'additionalProperties' is required to be supplied and to be false.`;
      }
    }
    for (const [key, child] of Object.entries(n)) {
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
      const found = visit(child, `${path}/${key}`);
      if (found) return found;
    }
    return undefined;
  };
  return visit(schema, '');
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    const { $schema, ...rest } = schema;
    const ajv =
      typeof $schema === 'string' && $schema.includes('2020-12')
        ? new Ajv2020({ strict: false, allErrors: true })
        : new Ajv({ strict: false, allErrors: true });
    validate = ajv.compile(rest);
    validators.set(key, validate);
  }
  return validate;
}

/** Why `text` does not satisfy `schema`, or an empty list when it does. */
export function replyViolations(schema: JsonSchema, text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [`reply is not JSON: ${(error as Error).message}`];
  }
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
