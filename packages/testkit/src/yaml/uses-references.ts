import type { RepositoryYamlFile } from './repository-files.js';
import { mapEntries, mapGet, scalarText, seqItems, type LocatedDocument } from './yaml-document.js';

/** One `uses:` in a workflow job, a workflow step or a composite action step. */
export interface UsesReference {
  file: string;
  line?: number;
  /** `job` calls a reusable workflow; `step` runs an action. */
  level: 'job' | 'step';
  uses: string;
  /** The raw source line, to read a trailing `# vX.Y.Z` comment. */
  sourceLine: string;
  withKeys: Array<{ key: string; line?: number }>;
  /** Secrets passed to a reusable workflow; 'inherit' when `secrets: inherit`. */
  secrets: Array<{ key: string; line?: number }> | 'inherit';
}

function reference(file: RepositoryYamlFile, located: LocatedDocument, level: 'job' | 'step', node: unknown): UsesReference | undefined {
  const usesNode = mapGet(node, 'uses');
  const uses = scalarText(usesNode);
  if (uses === undefined) return undefined;
  const line = located.lineOf(usesNode);
  const keys = (map: unknown) => mapEntries(map).map((entry) => ({ key: entry.key, line: located.lineOf(entry.keyNode) }));
  const secretsNode = mapGet(node, 'secrets');
  return {
    file: file.file,
    line,
    level,
    uses,
    sourceLine: line ? (located.lines[line - 1] ?? '') : '',
    withKeys: keys(mapGet(node, 'with')),
    secrets: scalarText(secretsNode) === 'inherit' ? 'inherit' : keys(secretsNode),
  };
}

export function usesReferences(file: RepositoryYamlFile, located: LocatedDocument): UsesReference[] {
  const root = located.doc.contents;
  const found: Array<UsesReference | undefined> = [];
  if (file.kind === 'workflow') {
    for (const job of mapEntries(mapGet(root, 'jobs'))) {
      found.push(reference(file, located, 'job', job.value));
      for (const step of seqItems(mapGet(job.value, 'steps'))) found.push(reference(file, located, 'step', step));
    }
  } else {
    for (const step of seqItems(mapGet(mapGet(root, 'runs'), 'steps'))) found.push(reference(file, located, 'step', step));
  }
  return found.filter((entry): entry is UsesReference => entry !== undefined);
}
