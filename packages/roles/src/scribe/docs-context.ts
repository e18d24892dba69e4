/**
 * The documentation files the scribe is shown (it can only patch what it has seen): the root README, the docs the
 * change already touches, the READMEs of the folders it changed, the docs the plan names, then the rest of docs/.
 * Only files the docs policy lets it write are shown; ADRs are listed by name.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { Policy } from '@eternia/core';
import { DOCS_BUILTIN_DENY } from '../delivery/index.js';
import { ADR_DIR } from './adr.js';

export interface DocsCandidates {
  /** Files to show, most relevant first. */
  wanted: string[];
  /** The ADRs present, by path. */
  adrs: string[];
}

export function docsCandidates(opts: {
  policy: Policy;
  tracked: readonly string[];
  changed: readonly string[];
  planFiles: readonly string[];
}): DocsCandidates {
  const isDocs = docsMatcher(opts.policy);
  const tracked = new Set(opts.tracked);
  const adrs = opts.tracked.filter((f) => path.posix.dirname(f) === ADR_DIR).sort();
  const folderReadmes = opts.changed.flatMap((file) => {
    const found: string[] = [];
    for (let dir = path.posix.dirname(file); dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) {
      found.push(`${dir}/README.md`);
    }
    return found;
  });
  const rest = opts.tracked.filter((f) => f.startsWith('docs/') && path.posix.dirname(f) !== ADR_DIR).sort();
  const order = ['README.md', ...opts.changed, ...folderReadmes, ...opts.planFiles, ...rest];
  const wanted = [...new Set(order)].filter((f) => tracked.has(f) && isDocs(f) && !adrs.includes(f));
  return { wanted, adrs };
}

/** Whether the docs policy lets the scribe write a path (paths.docs, minus paths.deny and DOCS_BUILTIN_DENY). */
export function docsMatcher(policy: Policy): (file: string) => boolean {
  const allowed = picomatch([...policy.paths.docs], { dot: true });
  const denied = picomatch([...policy.paths.deny, ...DOCS_BUILTIN_DENY], { dot: true, nocase: true });
  return (file) => allowed(file) && !denied(file);
}
