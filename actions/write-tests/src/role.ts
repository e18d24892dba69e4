import { z } from 'zod';
import { defineRole, flowInputsSchema, repoAtlasInput } from '@eternia/action-kit';

/**
 * Runs write-tests on the checked-out PR branch and stores the accepted tests as a proposal in the dossier for the
 * publish job. Pushes nothing: this job runs the model's tests, so it must hold no write token.
 */
export const role = defineRole({
  name: 'write-tests',
  inputs: flowInputsSchema.extend({ 'install-command': z.string().optional(), ...repoAtlasInput }),
  needs: { pull: true, model: true, sandbox: true },
  async run({ delivery }) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { renderWriteTestsSummary, runWriteTests } = await import('@eternia/roles/write-tests');
    const result = await runWriteTests(delivery);
    return {
      outputs: { status: result.status, 'failing-tests': String(result.failingTests), frozen: String(result.frozen) },
      summary: renderWriteTestsSummary(result),
      // Frozen before any work: nothing is written, the dossier included.
      record: result.attempts > 0 ? { status: result.frozen ? 'skipped' : 'success' } : null,
    };
  },
});
