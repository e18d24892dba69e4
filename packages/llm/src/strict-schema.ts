import { z } from 'zod';

/**
 * Strict structured outputs require every object field to be present in the answer, so "may be absent"
 * must be spelled `.nullable()`. A schema with `.optional()` (or `.default()`) fields would be rejected by
 * the provider, or worse, silently loosened by a compatible server; this guard names the fields instead.
 */
export function optionalFieldPaths(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const found: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child) => visit(child, path));
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks an arbitrary JSON Schema, any keyword may be present
    const n = node as Record<string, any>;
    if (n.properties && typeof n.properties === 'object') {
      const required: unknown[] = Array.isArray(n.required) ? n.required : [];
      for (const [key, child] of Object.entries(n.properties)) {
        const at = path ? `${path}.${key}` : key;
        if (!required.includes(key)) found.push(at);
        visit(child, at);
      }
    }
    if (n.items) visit(n.items, `${path}[]`);
    for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) if (n[key]) visit(n[key], path);
    for (const key of ['$defs', 'definitions']) {
      if (n[key] && typeof n[key] === 'object') for (const [name, child] of Object.entries(n[key])) visit(child, `#${name}`);
    }
  };
  visit(json, '');
  return found;
}

export function assertStrictSchema(schema: z.ZodType, schemaName: string): void {
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(schemaName)) {
    throw new TypeError(`schema name '${schemaName}' is not allowed: use 1-64 letters, digits, '_' or '-' (the provider's rule)`);
  }
  const optional = optionalFieldPaths(schema);
  if (optional.length > 0) {
    throw new TypeError(
      `schema '${schemaName}' has optional fields (${optional.join(', ')}): structured outputs need every field present; use .nullable() instead of .optional() or .default()`,
    );
  }
}
