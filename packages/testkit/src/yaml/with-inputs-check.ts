import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Finding } from './finding.js';
import { localTarget, type LocalTarget } from './local-targets.js';
import type { UsesReference } from './uses-references.js';

interface Declared {
  file: string;
  inputs: Map<string, { required: boolean }>;
  /** Only for reusable workflows. */
  secrets?: Map<string, { required: boolean }>;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Input names are case-insensitive on GitHub, so they are compared lower-cased. */
function declarations(map: unknown): Map<string, { required: boolean }> {
  return new Map(
    Object.entries(record(map)).map(([name, spec]) => {
      const fields = record(spec);
      return [name.toLowerCase(), { required: fields.required === true && fields.default === undefined }];
    }),
  );
}

async function readFirst(rootDir: string, candidates: string[]): Promise<{ file: string; text: string } | undefined> {
  for (const file of candidates) {
    try {
      return { file, text: await readFile(path.join(rootDir, file), 'utf8') };
    } catch {
      // next candidate
    }
  }
  return undefined;
}

async function declaredBy(rootDir: string, target: LocalTarget): Promise<Declared | string> {
  const candidates = target.kind === 'workflow' ? [target.path] : ['action.yml', 'action.yaml'].map((name) => path.posix.join(target.path, name));
  const found = await readFirst(rootDir, candidates);
  if (!found)
    return `${target.kind === 'workflow' ? 'reusable workflow' : 'local action'} '${target.path || '.'}' not found (looked for ${candidates.join(', ')})`;
  let parsed: unknown;
  try {
    parsed = parseYaml(found.text);
  } catch {
    return `${found.file} is not valid YAML`;
  }
  if (target.kind === 'action') return { file: found.file, inputs: declarations(record(parsed).inputs) };
  const on = record(parsed).on;
  const call = typeof on === 'string' || Array.isArray(on) ? ([on].flat().includes('workflow_call') ? {} : undefined) : record(on).workflow_call;
  if (call === undefined) return `${found.file} is not a reusable workflow (no on.workflow_call)`;
  return { file: found.file, inputs: declarations(record(call).inputs), secrets: declarations(record(call).secrets) };
}

/** Every `with:` key passed to a local action or reusable workflow is declared there, and required ones are passed. */
export async function checkWithInputs(rootDir: string, references: UsesReference[], repository: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const cache = new Map<string, Promise<Declared | string>>();
  for (const ref of references) {
    const target = localTarget(ref.uses, repository);
    if (!target) continue;
    const key = `${target.kind}:${target.path}`;
    if (!cache.has(key)) cache.set(key, declaredBy(rootDir, target));
    const declared = await cache.get(key)!;
    if (typeof declared === 'string') {
      findings.push({ file: ref.file, line: ref.line, rule: 'with-inputs', message: `uses '${ref.uses}': ${declared}` });
      continue;
    }
    const passed = new Set(ref.withKeys.map((entry) => entry.key.toLowerCase()));
    for (const entry of ref.withKeys) {
      if (!declared.inputs.has(entry.key.toLowerCase())) {
        const known = [...declared.inputs.keys()].join(', ') || 'none';
        findings.push({
          file: ref.file,
          line: entry.line ?? ref.line,
          rule: 'with-inputs',
          message: `'${entry.key}' is not an input of ${declared.file} (inputs: ${known})`,
        });
      }
    }
    for (const [name, spec] of declared.inputs) {
      if (spec.required && !passed.has(name)) {
        findings.push({ file: ref.file, line: ref.line, rule: 'with-inputs', message: `required input '${name}' of ${declared.file} is not passed` });
      }
    }
    if (declared.secrets && ref.secrets !== 'inherit') {
      const passedSecrets = new Set(ref.secrets.map((entry) => entry.key.toLowerCase()));
      for (const entry of ref.secrets) {
        if (!declared.secrets.has(entry.key.toLowerCase())) {
          findings.push({
            file: ref.file,
            line: entry.line ?? ref.line,
            rule: 'with-inputs',
            message: `secret '${entry.key}' is not declared in ${declared.file}`,
          });
        }
      }
      for (const [name, spec] of declared.secrets) {
        if (spec.required && !passedSecrets.has(name)) {
          findings.push({
            file: ref.file,
            line: ref.line,
            rule: 'with-inputs',
            message: `required secret '${name}' of ${declared.file} is not passed`,
          });
        }
      }
    }
  }
  return findings;
}
