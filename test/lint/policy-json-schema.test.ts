import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { parsePolicy, policyJsonSchema } from '@eternia/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const committed = JSON.parse(readFileSync(path.join(root, 'schema', 'agents.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ strict: false, allErrors: true }).compile(committed);
const check = (yaml: string) => (validate(parse(yaml) ?? {}) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe('schema/agents.schema.json', () => {
  test('is what the zod schema generates (npm run gen:policy-schema; npm run lint checks the formatted text)', () => {
    expect(committed).toEqual(policyJsonSchema());
  });

  test('accepts what the loader accepts', () => {
    const file = [
      'version: 1',
      'models: { default: gpt-4.1, implement: "llama3.1:8b" }',
      'tests: { command: "python3 -m pytest", env: { PYTHONPATH: src }, junit: "reports/*.xml" }',
      'budget: { max-cost-usd: 2, prices: { "llama3.1:8b": { input: 0, output: 0 } } }',
      'labels: { ready: "agent:go", bot-pr: agent }',
      'sandbox: { network: false }',
    ].join('\n');
    expect(() => parsePolicy(file)).not.toThrow();
    expect(check(file)).toEqual([]);
  });

  test('refuses, as the loader does, unknown keys, removed keys and wrong types', () => {
    for (const file of ['hosts-allow: [example.com]', 'limits: { max_patch_lines: 3 }', 'tests-first: "yes"', 'budget: { max-cost-usd: 0 }']) {
      expect(() => parsePolicy(file)).toThrow();
      expect(check(file)).not.toEqual([]);
    }
  });
});
