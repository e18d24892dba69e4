import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export type YamlFileKind = 'action' | 'workflow';

export interface RepositoryYamlFile {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  kind: YamlFileKind;
  content: string;
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** Root action.yml, actions/<name>/action.yml, .github/workflows/*.yml and workflows-templates/*.yml. */
export async function listYamlFiles(rootDir: string): Promise<RepositoryYamlFile[]> {
  const found: Array<{ file: string; kind: YamlFileKind }> = [];
  const isYaml = (name: string) => name.endsWith('.yml') || name.endsWith('.yaml');
  for (const name of await names(rootDir)) {
    if (name === 'action.yml' || name === 'action.yaml') found.push({ file: name, kind: 'action' });
  }
  for (const action of await names(path.join(rootDir, 'actions'))) {
    for (const name of await names(path.join(rootDir, 'actions', action))) {
      if (name === 'action.yml' || name === 'action.yaml') found.push({ file: `actions/${action}/${name}`, kind: 'action' });
    }
  }
  for (const dir of ['.github/workflows', 'workflows-templates']) {
    for (const name of await names(path.join(rootDir, dir))) {
      if (isYaml(name)) found.push({ file: `${dir}/${name}`, kind: 'workflow' });
    }
  }
  return Promise.all(found.map(async (entry) => ({ ...entry, content: await readFile(path.join(rootDir, entry.file), 'utf8') })));
}
