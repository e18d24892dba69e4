import type { Finding } from './finding.js';
import { isSelfReference } from './local-targets.js';
import type { UsesReference } from './uses-references.js';

const shaPinned = /^[^@\s]+@[0-9a-f]{40}$/;
const versionComment = /#\s*v\d+\.\d+\.\d+\b/;
const digestPinned = /@sha256:[0-9a-f]{64}$/;

/** Third-party actions and workflows are pinned to a full commit SHA, with the version it stands for in a comment. */
export function checkPinnedUses(references: UsesReference[], repository: string): Finding[] {
  const findings: Finding[] = [];
  for (const ref of references) {
    if (isSelfReference(ref.uses, repository)) continue;
    const finding = (message: string) => findings.push({ file: ref.file, line: ref.line, rule: 'pinned-uses', message });
    if (ref.uses.startsWith('docker://')) {
      if (!digestPinned.test(ref.uses)) finding(`'${ref.uses}' must be pinned by image digest (@sha256:…)`);
      continue;
    }
    if (!shaPinned.test(ref.uses)) finding(`'${ref.uses}' must be pinned to a 40-hex commit SHA`);
    else if (!versionComment.test(ref.sourceLine)) finding(`'${ref.uses}' needs a '# vX.Y.Z' comment naming the pinned version`);
  }
  return findings;
}
