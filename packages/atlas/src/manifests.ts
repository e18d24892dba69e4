/** External packages the manifests declare: package.json (npm), pyproject.toml and requirements*.txt (PyPI). */
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { AtlasPackage } from './schema.js';

export function isManifest(file: string): boolean {
  const base = path.posix.basename(file);
  return base === 'package.json' || base === 'pyproject.toml' || /^requirements[\w.-]*\.txt$/.test(base);
}

const NPM_SECTIONS: Array<[string, boolean]> = [
  ['dependencies', false],
  ['peerDependencies', false],
  ['optionalDependencies', false],
  ['devDependencies', true],
];

/** A requirement line's name and version spec (`requests>=2; python_version<"3.9"` → requests, >=2). */
function pep508(spec: string): { name: string; version: string } | null {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#]*)/.exec(spec);
  if (!match?.[1]) return null;
  return { name: match[1].toLowerCase().replace(/_/g, '-'), version: (match[3] ?? '').trim() };
}

/** Packages of one manifest; a manifest that does not parse contributes none (it is still listed as a file). */
export function readManifest(file: string, text: string): AtlasPackage[] {
  const base = path.posix.basename(file);
  const out: AtlasPackage[] = [];
  try {
    if (base === 'package.json') {
      const json = JSON.parse(text) as Record<string, unknown>;
      for (const [section, dev] of NPM_SECTIONS) {
        const deps = json[section];
        if (deps && typeof deps === 'object') {
          for (const [name, version] of Object.entries(deps)) out.push({ name, version: String(version), ecosystem: 'npm', manifest: file, dev });
        }
      }
    } else if (base === 'pyproject.toml') {
      const toml = parseToml(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const project = toml.project ?? {};
      for (const spec of Array.isArray(project.dependencies) ? project.dependencies : []) {
        const req = pep508(String(spec));
        if (req) out.push({ ...req, ecosystem: 'pypi', manifest: file, dev: false });
      }
      for (const specs of Object.values(project['optional-dependencies'] ?? {})) {
        for (const spec of Array.isArray(specs) ? specs : []) {
          const req = pep508(String(spec));
          if (req) out.push({ ...req, ecosystem: 'pypi', manifest: file, dev: true });
        }
      }
      const poetry = toml.tool?.poetry ?? {};
      for (const [section, dev] of [
        [poetry.dependencies, false],
        [poetry['dev-dependencies'], true],
      ] as const) {
        for (const [name, version] of Object.entries(section ?? {})) {
          if (name === 'python') continue;
          out.push({
            name: name.toLowerCase(),
            version: typeof version === 'string' ? version : JSON.stringify(version),
            ecosystem: 'pypi',
            manifest: file,
            dev,
          });
        }
      }
    } else {
      const dev = /dev|test|lint|doc/.test(base);
      for (const line of text.split(/\r?\n/)) {
        if (/^\s*(#|-|$)/.test(line)) continue;
        const req = pep508(line);
        if (req) out.push({ ...req, ecosystem: 'pypi', manifest: file, dev });
      }
    }
  } catch {
    return [];
  }
  return out;
}
