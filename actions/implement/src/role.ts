import { z } from 'zod';
import { TestsFailedError } from '@eternia/core';
import { defineRole, flowInputsSchema, repoAtlasInput } from '@eternia/action-kit';

/**
 * Runs implement on the checked-out PR branch and stores a green change as a proposal in the dossier for the
 * publish job. Pushes nothing: this job runs model-written code, so it must hold no write token. Not green within
 * the attempts ends the step red (after the dossier and summary are written); publish then posts the escalation.
 */
export const role = defineRole({
  name: 'implement',
  inputs: flowInputsSchema.extend({ 'install-command': z.string().optional(), ...repoAtlasInput }),
  needs: { pull: true, model: true, sandbox: true },
  async run({ delivery, pull }) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { renderImplementSummary, runImplement } = await import('@eternia/roles/implement');
    const result = await runImplement(delivery);
    const status = result.status === 'green' ? 'success' : result.status === 'frozen' ? 'skipped' : 'failure';
    return {
      outputs: { status: result.status, attempts: String(result.attempts) },
      summary: renderImplementSummary(result),
      record: result.attempts > 0 ? { status } : null,
      ...(result.status === 'escalated'
        ? {
            failure: new TestsFailedError(
              `the tests did not pass within ${result.attempts} attempt(s); nothing was proposed. The best attempt is best-attempt.diff in the dossier; the publish job posts an escalation comment on PR #${pull.number}.`,
            ),
          }
        : {}),
    };
  },
});
