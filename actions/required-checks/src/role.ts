import { z } from 'zod';
import { defineRole } from '@eternia/action-kit';

/** Makes the seed's check workflows required for merging into a branch, keeping its other protection. */
export const role = defineRole({
  name: 'required-checks',
  inputs: z.object({
    'github-token': z.string().optional(),
    branch: z.string().optional(),
    checks: z.string().optional(),
  }),
  needs: {},
  tokenPermissions: ['administration: write (a fine-grained token or GitHub App; GITHUB_TOKEN cannot)'],
  async run(ctx) {
    const { requireChecks, SEED_REQUIRED_CHECKS } = await import('@eternia/roles/checks');
    const { inputs } = ctx;
    const branch = inputs.branch || (ctx.runner.payload as { repository?: { default_branch?: string } }).repository?.default_branch || 'main';
    const checks = inputs.checks ? inputs.checks.split(/[\s,]+/).filter(Boolean) : [...SEED_REQUIRED_CHECKS];
    const result = await requireChecks(ctx.octokit, { ...ctx.repo, branch, checks });
    return {
      outputs: { checks: JSON.stringify(result.checks), added: JSON.stringify(result.added), action: result.action },
      summary: [
        '## Required checks',
        '',
        `Branch \`${branch}\`: ${result.action}. Required now: ${result.checks.map((c) => `\`${c}\``).join(', ')}.`,
        result.added.length > 0 ? `Added: ${result.added.map((c) => `\`${c}\``).join(', ')}.` : 'Nothing was added.',
        '',
      ].join('\n'),
    };
  },
});
