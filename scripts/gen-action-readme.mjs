#!/usr/bin/env node
// Regenerates the inputs/outputs table of actions/<name>/README.md from its action.yml,
// between `<!-- inputs-outputs:start -->` and `<!-- inputs-outputs:end -->` (creating the
// README with a title and description when missing). `--check` changes nothing and exits 1
// when a README is out of date.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const startMarker = '<!-- inputs-outputs:start -->';
export const endMarker = '<!-- inputs-outputs:end -->';
const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

function cell(value) {
  return String(value ?? '')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

function code(value) {
  const text = String(value);
  // A backtick inside needs a longer fence: ``a`b``.
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** The generated block, markers included. */
export function renderTable(manifest) {
  const lines = [startMarker, '', '## Inputs', ''];
  const inputs = Object.entries(manifest.inputs ?? {});
  if (inputs.length === 0) lines.push('This action has no inputs.');
  else {
    lines.push('| Name | Description | Required | Default |', '| --- | --- | --- | --- |');
    for (const [name, input] of inputs) {
      // An empty default is shown as such: a bare `` renders as two stray backticks.
      const fallback = input?.default === undefined ? '' : String(input.default) === '' ? '(empty)' : code(input.default);
      lines.push(`| ${code(name)} | ${cell(input?.description)} | ${input?.required === true ? 'yes' : 'no'} | ${cell(fallback)} |`);
    }
  }
  lines.push('', '## Outputs', '');
  const outputs = Object.entries(manifest.outputs ?? {});
  if (outputs.length === 0) lines.push('This action has no outputs.');
  else {
    lines.push('| Name | Description |', '| --- | --- |');
    for (const [name, output] of outputs) lines.push(`| ${code(name)} | ${cell(output?.description)} |`);
  }
  lines.push('', endMarker);
  return lines.join('\n');
}

/** The README text that should exist, given the current one (or undefined). */
export function updatedReadme(current, manifest) {
  const block = renderTable(manifest);
  if (current === undefined) return `# ${manifest.name}\n\n${String(manifest.description ?? '').trim()}\n\n${block}\n`;
  const start = current.indexOf(startMarker);
  const end = current.indexOf(endMarker);
  if (start >= 0 && end > start) return current.slice(0, start) + block + current.slice(end + endMarker.length);
  if (start >= 0 || end >= 0) throw new Error('has only one of the inputs-outputs markers');
  return `${current.replace(/\s*$/, '')}\n\n${block}\n`;
}

/** Returns the READMEs that changed (or would change, with check). */
export async function generateReadmes({ root = repoRoot, check = false } = {}) {
  const drifted = [];
  const actionsDir = path.join(root, 'actions');
  for (const name of (await readdir(actionsDir).catch(() => [])).sort()) {
    const manifestFile = path.join(actionsDir, name, 'action.yml');
    if (!existsSync(manifestFile)) continue;
    const relative = `actions/${name}/README.md`;
    let manifest;
    try {
      manifest = parseYaml(await readFile(manifestFile, 'utf8'));
    } catch (error) {
      throw new Error(`actions/${name}/action.yml: not valid YAML: ${error.message}`);
    }
    const readmeFile = path.join(actionsDir, name, 'README.md');
    const current = existsSync(readmeFile) ? await readFile(readmeFile, 'utf8') : undefined;
    let next;
    try {
      next = updatedReadme(current, manifest ?? {});
    } catch (error) {
      throw new Error(`${relative}: ${error.message}`);
    }
    if (next === current) continue;
    drifted.push(relative);
    if (!check) await writeFile(readmeFile, next);
  }
  return drifted;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  generateReadmes({ check })
    .then((drifted) => {
      for (const file of drifted) console.log(check ? `out of date: ${file}` : `updated ${file}`);
      if (check && drifted.length > 0) {
        console.error('gen-action-readme: run `node scripts/gen-action-readme.mjs` and commit the READMEs.');
        process.exit(1);
      }
    })
    .catch((error) => {
      console.error(`gen-action-readme: ${error.message}`);
      process.exit(1);
    });
}
