import type { Finding } from './finding.js';
import { isSelfReference } from './local-targets.js';
import type { UsesReference } from './uses-references.js';

const shaPinned = /^([^@\s]+)@([0-9a-f]{40})$/;
const versionComment = /#\s*(v\d+\.\d+\.\d+)\b/;
const digestPinned = /@sha256:[0-9a-f]{64}$/;

/** tools/action-pins.json: the third-party actions a repository allows, each at one release, with its runtime. */
export interface ActionPins {
  file: string;
  actions: Record<string, { tag: string; sha: string; runtime: string }>;
}

/** Runtimes GitHub still runs without a deprecation notice (docker and composite actions have no Node runtime). */
const CURRENT_RUNTIMES = new Set(['node24', 'composite', 'docker']);

/**
 * Third-party actions and workflows are pinned to a full commit SHA, with the version it stands for in a comment.
 * With a pins file, each must also be listed there at that SHA and tag, and run on a current runtime (not node20).
 */
export function checkPinnedUses(references: UsesReference[], repository: string, pins?: ActionPins): Finding[] {
  const findings: Finding[] = [];
  for (const ref of references) {
    if (isSelfReference(ref.uses, repository)) continue;
    const finding = (message: string) => findings.push({ file: ref.file, line: ref.line, rule: 'pinned-uses', message });
    if (ref.uses.startsWith('docker://')) {
      if (!digestPinned.test(ref.uses)) finding(`'${ref.uses}' must be pinned by image digest (@sha256:…)`);
      continue;
    }
    const pinned = shaPinned.exec(ref.uses);
    const comment = versionComment.exec(ref.sourceLine);
    if (!pinned) finding(`'${ref.uses}' must be pinned to a 40-hex commit SHA`);
    else if (!comment) finding(`'${ref.uses}' needs a '# vX.Y.Z' comment naming the pinned version`);
    else if (pins) {
      const [, name, sha] = pinned as unknown as [string, string, string];
      const listed = pins.actions[name] ?? pins.actions[name.split('/').slice(0, 2).join('/')];
      if (!listed) finding(`'${name}' is not listed in ${pins.file}: add it with its release tag, commit SHA and runtime`);
      else if (listed.sha !== sha) finding(`'${name}' is pinned to ${sha}, but ${pins.file} lists ${listed.tag} at ${listed.sha}`);
      else if (listed.tag !== comment[1])
        finding(`'${name}@${sha}' says ${comment[1]} in its comment, but ${pins.file} says that commit is ${listed.tag}`);
      else if (!CURRENT_RUNTIMES.has(listed.runtime)) {
        finding(`'${name}' ${listed.tag} runs on the deprecated ${listed.runtime} runtime: pin a release that runs on node24`);
      }
    }
  }
  return findings;
}
