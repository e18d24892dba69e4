#!/usr/bin/env node
// Regenerates the `inputs:` of the root action.yml (`uses: eternia/agents@v1` with `step: <role>`): `step`, then
// every input any role declares, so a role's input passed through the root action is not an "Unexpected input".
// Only expression defaults (${{ github.token }}) are declared here: the root entry applies each role's literal
// defaults itself (actions/root/src/select-step.ts), since they differ between roles.
// `--check` changes nothing and exits 1 when action.yml is out of date.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Inputs whose meaning every role words differently: one description here. */
const OWN_DESCRIPTIONS = { 'github-token': "Token for the GitHub API; the chosen role's README says which permissions it needs." };

/** The roles' shared description, leaving out a role's "Not used" (accepted for uniformity only). */
function describe(specs) {
  const texts = [...new Set(specs.map((spec) => String(spec.description ?? '').trim()).filter((text) => text && !/^Not used\b/.test(text)))];
  if (texts.length === 0) return 'Not used by these roles; accepted so every flow role takes the same inputs.';
  return texts.length === 1 ? texts[0] : "The chosen role's README says what it means there.";
}

/** The root manifest that should exist, given the roles' manifests ({ role: manifest }) and the current root one. */
export function rootManifest(current, roles) {
  const inputs = {
    step: { description: 'The role to run; the name of a folder under actions/ (for example supervisor).', required: true },
  };
  const names = [...new Set(Object.values(roles).flatMap((manifest) => Object.keys(manifest.inputs ?? {})))].sort();
  for (const name of names) {
    const users = Object.keys(roles)
      .filter((role) => roles[role].inputs?.[name])
      .sort();
    const input = {
      description: `${users.join(', ')}: ${OWN_DESCRIPTIONS[name] ?? describe(users.map((role) => roles[role].inputs[name]))}`,
      required: false,
    };
    const expression = users.map((role) => roles[role].inputs[name].default).find((value) => typeof value === 'string' && value.includes('${{'));
    if (expression) input.default = expression;
    inputs[name] = input;
  }
  return { ...current, inputs, runs: current.runs };
}

async function roleManifests() {
  const dir = path.join(root, 'actions');
  const roles = {};
  for (const name of (await readdir(dir)).sort()) {
    const file = path.join(dir, name, 'action.yml');
    if (existsSync(file)) roles[name] = parse(await readFile(file, 'utf8'));
  }
  return roles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.join(root, 'action.yml');
  const text = await readFile(file, 'utf8');
  const header = text.slice(0, text.search(/^name:/m));
  const wanted = header + stringify(rootManifest(parse(text), await roleManifests()), { lineWidth: 0 });
  if (process.argv.includes('--check')) {
    if (wanted !== text) {
      console.error('action.yml: the root inputs are out of date with actions/*/action.yml; run node scripts/gen-root-action.mjs');
      process.exit(1);
    }
  } else if (wanted !== text) {
    await writeFile(file, wanted);
    console.log('action.yml: inputs regenerated');
  }
}
