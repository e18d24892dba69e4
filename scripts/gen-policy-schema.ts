#!/usr/bin/env tsx
// Writes schema/agents.schema.json from the zod policy schema (packages/core/src/policy/schema.ts), formatted as
// prettier formats it. `--check` changes nothing and exits 1 when the committed file differs (npm run lint runs it).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { policyJsonSchema } from '@eternia/core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const POLICY_SCHEMA_FILE = path.join(repoRoot, 'schema', 'agents.schema.json');

export async function renderPolicySchema(): Promise<string> {
  const options = (await prettier.resolveConfig(POLICY_SCHEMA_FILE)) ?? {};
  return prettier.format(JSON.stringify(policyJsonSchema()), { ...options, filepath: POLICY_SCHEMA_FILE });
}

const check = process.argv.includes('--check');
const wanted = await renderPolicySchema();
const current = await readFile(POLICY_SCHEMA_FILE, 'utf8').catch(() => null);
if (check) {
  if (current !== wanted) {
    console.error(`${path.relative(repoRoot, POLICY_SCHEMA_FILE)} is out of date with the policy schema: run npm run gen:policy-schema`);
    process.exit(1);
  }
  console.log(`${path.relative(repoRoot, POLICY_SCHEMA_FILE)} is up to date`);
} else if (current !== wanted) {
  await writeFile(POLICY_SCHEMA_FILE, wanted);
  console.log(`wrote ${path.relative(repoRoot, POLICY_SCHEMA_FILE)}`);
} else {
  console.log(`${path.relative(repoRoot, POLICY_SCHEMA_FILE)} was already up to date`);
}
