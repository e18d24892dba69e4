// licenses.txt for dist/: the name, version, license and license text of every npm package whose code
// the bundle holds (the packages a user redistributes when they pin this repository), sorted by name.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The package folder (…/node_modules/<name> or …/node_modules/@scope/<name>) an input file belongs to. */
function packageFolder(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const width = parts[at + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + width).join('/');
}

async function licenseFile(folder) {
  const names = (await readdir(folder).catch(() => [])).filter((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name)).sort();
  return names.length > 0 ? (await readFile(path.join(folder, names[0]), 'utf8')).trim() : undefined;
}

export async function licensesText(inputs, root) {
  const folders = [...new Set(inputs.map(packageFolder).filter(Boolean))];
  const packages = new Map();
  for (const folder of folders) {
    const manifestPath = path.join(root, folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    const key = `${manifest.name}@${manifest.version}`;
    if (packages.has(key)) continue;
    const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
    packages.set(key, { name: manifest.name, version: manifest.version, license, text: await licenseFile(path.join(root, folder)) });
  }
  const sorted = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  return sorted.map((p) => `${p.name} ${p.version}\n${p.license}\n${p.text ?? '(no license file in the package)'}\n`).join('\n');
}
