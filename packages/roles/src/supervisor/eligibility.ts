import { isFreezeLabel } from '@eternia/github';

/** The facts about one issue that decide whether the supervisor may claim it. */
export interface IssueFacts {
  number: number;
  state: string;
  isPullRequest: boolean;
  labels: string[];
}

export interface GateLabels {
  ready: string;
  freeze: string;
  fix: string[];
}

/** Why an issue is skipped, or null when it may be claimed. Pure, so every rule has a test. */
export function skipReason(issue: IssueFacts, labels: GateLabels, redMode: { active: boolean; issues: number[] }): string | null {
  if (issue.isPullRequest) return `#${issue.number} is a pull request, not an issue`;
  if (issue.state !== 'open') return `#${issue.number} is ${issue.state}`;
  if (!issue.labels.includes(labels.ready)) return `#${issue.number} no longer carries '${labels.ready}'`;
  if (issue.labels.some((l) => isFreezeLabel(l, labels.freeze))) return `#${issue.number} carries '${labels.freeze}': a human has taken over`;
  if (redMode.active && !issue.labels.some((l) => labels.fix.includes(l))) {
    const fix = labels.fix.map((l) => `'${l}'`).join(', ') || 'none configured';
    const because = redMode.issues.map((n) => `#${n}`).join(', ');
    return `red-mode is active (${because}): only fix work (labels ${fix}) is taken`;
  }
  return null;
}
