import type { Octokit } from '@eternia/core';
import { ensureLabel, httpStatus } from '@eternia/github';
import type { SupervisorSettings } from './run-supervisor.js';

/** Colours and descriptions of the labels the flow reads, as the supervisor creates them when missing. */
function flowLabels(settings: SupervisorSettings): Array<{ name: string; color: string; description: string; key: string }> {
  const labels = [
    { key: 'labels.ready', name: settings.readyLabel, color: '0e8a16', description: 'eternia-agents: take this issue and open a Draft PR' },
    { key: 'labels.freeze', name: settings.freezeLabel, color: 'b60205', description: 'eternia-agents: a human has taken over; the bot stops' },
    {
      key: 'labels.red-mode',
      name: settings.redModeLabel,
      color: 'd93f0b',
      description: 'eternia-agents: the default branch is red; only fix work is taken',
    },
    { key: 'labels.bot-pr', name: settings.botPrLabel, color: '5319e7', description: 'eternia-agents: a pull request the bot opened' },
    ...settings.fixLabels.map((name) => ({
      key: 'labels.fix',
      name,
      color: 'd73a4a',
      description: 'eternia-agents: fix work, taken during red-mode',
    })),
  ];
  const seen = new Set<string>();
  return labels.filter((l) => !seen.has(l.name.toLowerCase()) && seen.add(l.name.toLowerCase()));
}

export interface LabelsOutcome {
  /** Labels this run created: once, the first time the flow ran in the repository. */
  created: string[];
  /** Labels that are missing and could not be created (the token lacks `issues: write`), with the policy key naming each. */
  missing: Array<{ name: string; key: string }>;
}

/**
 * Creates the labels the policy names that the repository lacks: one listing call when all exist (every poll), a create
 * per missing label otherwise. A token that may not create labels is not an error: the caller reports what is missing.
 */
export async function ensureFlowLabels(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  settings: SupervisorSettings,
): Promise<LabelsOutcome> {
  const existing = new Set<string>();
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 })) {
    for (const label of page.data) existing.add(label.name.toLowerCase());
  }
  const outcome: LabelsOutcome = { created: [], missing: [] };
  for (const label of flowLabels(settings)) {
    if (existing.has(label.name.toLowerCase())) continue;
    try {
      const result = await ensureLabel(octokit, { ...repo, name: label.name, color: label.color, description: label.description });
      if (result === 'created') outcome.created.push(label.name);
    } catch (error) {
      const status = httpStatus(error) ?? httpStatus((error as { cause?: unknown })?.cause);
      if (status !== 403 && status !== 404) throw error;
      outcome.missing.push({ name: label.name, key: label.key });
    }
  }
  return outcome;
}
