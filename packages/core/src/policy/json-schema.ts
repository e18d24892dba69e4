/**
 * The JSON Schema of `.github/agents.yml`, generated from the zod schema (the one source of truth) for editors:
 * yaml-language-server reads it from a `# yaml-language-server: $schema=…` first line. Draft 7, which every editor
 * plugin supports. Deterministic (same schema in, same text out), so a committed copy can be checked for drift.
 */
import { z } from 'zod';
import { policySchema } from './schema.js';

export const POLICY_SCHEMA_ID = 'https://raw.githubusercontent.com/eternia/agents/v1/schema/agents.schema.json';

export function policyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(policySchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'eternia-agents policy (.github/agents.yml)',
    description:
      'What the agents may do in this repository. Every key is optional; unknown keys are errors. Reference: docs/policy.md in eternia/agents.',
    ...rest,
  };
}
