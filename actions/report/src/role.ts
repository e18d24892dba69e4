import { z } from 'zod';
import { defineRole, flowInputsSchema } from '@eternia/action-kit';

/** Renders the flow's final report as a sticky PR comment, the job summary, and report.md in the dossier. */
export const role = defineRole({
  name: 'report',
  inputs: flowInputsSchema.extend({ jobs: z.string().optional() }),
  needs: { pull: true, ledger: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { parseFlowJobs, runReport } = await import('@eternia/roles/report');
    const { runtime } = ctx;
    const jobs = parseFlowJobs(ctx.inputs.jobs ?? '');
    const result = await runReport({
      octokit: ctx.octokit,
      repo: ctx.repo,
      pull: ctx.pull,
      dossier: ctx.dossier,
      jobs,
      ledger: runtime.ledger.totals(),
      ledgerEntries: runtime.ledger.entries,
      freezeLabel: ctx.policy.labels.freeze,
      botLogin: await runtime.botLogin(),
      run: { runId: ctx.runner.runId, attempt: ctx.runner.runAttempt },
      serverUrl: ctx.runner.serverUrl,
      log: ctx.log,
    });
    return {
      outputs: {
        outcome: result.next.outcome,
        'comment-id': result.comment ? String(result.comment.id) : '',
        frozen: String(result.report.frozenNow),
      },
      summary: result.markdown,
      record: { status: result.report.frozenNow ? 'skipped' : 'success' },
    };
  },
});
