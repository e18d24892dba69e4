import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseActionManifest } from '../runner/action-manifest.js';
import type { Finding } from './finding.js';
import type { RepositoryYamlFile } from './repository-files.js';
import { mapGet, type LocatedDocument } from './yaml-document.js';

/** Every action.yml is valid metadata, runs on node24, and its main/pre/post files exist. */
export async function checkActionRuntime(rootDir: string, file: RepositoryYamlFile, located: LocatedDocument): Promise<Finding[]> {
  const runs = mapGet(located.doc.contents, 'runs');
  const usingNode = mapGet(runs, 'using');
  const using = (located.doc.toJS() as { runs?: { using?: unknown } } | null)?.runs?.using;
  const findings: Finding[] = [];
  if (using !== 'node24') {
    findings.push({
      file: file.file,
      line: located.lineOf(usingNode ?? runs),
      rule: 'action-runtime',
      message: `runs.using is '${String(using)}', must be 'node24'`,
    });
  }
  let manifest;
  try {
    manifest = parseActionManifest(file.content, file.file);
  } catch (error) {
    findings.push({ file: file.file, rule: 'action-metadata', message: (error as Error).message });
    return findings;
  }
  const actionDir = path.join(rootDir, path.dirname(file.file));
  for (const phase of ['main', 'pre', 'post'] as const) {
    const entry = manifest.runs[phase];
    if (!entry) continue;
    const exists = await stat(path.join(actionDir, entry)).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!exists) {
      findings.push({
        file: file.file,
        line: located.lineOf(mapGet(runs, phase)),
        rule: 'action-runtime',
        message: `runs.${phase} '${entry}' does not exist (run npm run build)`,
      });
    }
  }
  return findings;
}
