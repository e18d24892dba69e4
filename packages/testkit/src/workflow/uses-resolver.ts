/**
 * What a step's `uses:` points at, resolved as GitHub resolves it. The trap this bench exists to show:
 * `./x` is the job's WORKSPACE (the caller's checkout, even inside a reusable workflow from another
 * repository), while `$/x` is the repository of the running workflow file at its commit.
 */
import { join } from 'node:path';
import type { StepFrame } from './run-context.js';

export type UsesTarget =
  | { kind: 'action'; dir: string; repository: string; ref: string; local: boolean }
  | { kind: 'checkout' | 'upload-artifact' | 'download-artifact' | 'upload-sarif' | 'cache' | 'cache-restore'; ref: string }
  | { kind: 'unsupported'; reason: string };

const EMULATED: Record<string, 'checkout' | 'upload-artifact' | 'download-artifact'> = {
  'actions/checkout': 'checkout',
  'actions/upload-artifact': 'upload-artifact',
  'actions/download-artifact': 'download-artifact',
};

export function resolveStepUses(uses: string, frame: StepFrame): UsesTarget {
  const { opts } = frame.job.run;
  const level = frame.job.level;
  if (uses.startsWith('./')) return { kind: 'action', dir: join(frame.job.workspace, uses), repository: opts.repository, ref: '', local: true };
  if (uses.startsWith('$/'))
    return { kind: 'action', dir: join(level.root, uses.slice(2)), repository: level.repository, ref: level.sha, local: false };
  if (uses.startsWith('docker://')) return { kind: 'unsupported', reason: `docker action '${uses}' is not supported by the test bench` };
  const at = uses.lastIndexOf('@');
  if (at <= 0) return { kind: 'unsupported', reason: `'${uses}' needs a version (owner/repo[/path]@ref)` };
  const name = uses.slice(0, at);
  const ref = uses.slice(at + 1);
  const [owner = '', repo = '', ...rest] = name.split('/');
  const repository = `${owner}/${repo}`;
  if (repository.toLowerCase() === opts.libraryRepository.toLowerCase()) {
    return { kind: 'action', dir: join(opts.libraryRoot, ...rest), repository, ref, local: false };
  }
  const emulated = rest.length === 0 ? EMULATED[repository.toLowerCase()] : undefined;
  if (emulated) return { kind: emulated, ref };
  if (name.toLowerCase() === 'github/codeql-action/upload-sarif') return { kind: 'upload-sarif', ref };
  if (name.toLowerCase() === 'actions/cache') return { kind: 'cache', ref };
  if (name.toLowerCase() === 'actions/cache/restore') return { kind: 'cache-restore', ref };
  return {
    kind: 'unsupported',
    reason: `third-party action '${uses}' is not available in the test bench (emulated: actions/checkout, actions/upload-artifact, actions/download-artifact, actions/cache, actions/cache/restore, github/codeql-action/upload-sarif, ${opts.libraryRepository}/…)`,
  };
}
