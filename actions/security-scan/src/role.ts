import os from 'node:os';
import { z } from 'zod';
import { defineRole, flowInputsSchema } from '@eternia/action-kit';

/**
 * Reads the SARIF other scanners left, runs its own secret and dependency checks on the PR's changed files, and
 * proposes model-written fixes it re-checked. Writes nothing to the repository or the PR: this job talks to the
 * model, so it holds a read-only token; the proposal and its SARIF go into the dossier for publish.
 */
export const role = defineRole({
  name: 'security-scan',
  modelKey: 'security',
  inputs: flowInputsSchema.extend({
    sarif: z.array(z.string().min(1)).optional(),
    'npm-audit': z.string().optional(),
    'pip-audit': z.string().optional(),
    'max-fixes': z.number().int().min(0).max(50).optional(),
  }),
  needs: { pull: true, model: true },
  async run({ inputs, pull, dossier, policy, runtime, promptsDir, env, io }) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { runSecurityScan, renderSecuritySummary, sarifInputFiles } = await import('@eternia/roles/security-scan');
    const workspace = runtime.runner.workspace;
    const tempDir = env.RUNNER_TEMP || os.tmpdir();
    const result = await runSecurityScan({
      workspace,
      pull,
      policy,
      dossier,
      model: runtime.model,
      modelName: runtime.modelName,
      promptsDir,
      configRoot: runtime.configRoot,
      runId: runtime.runner.runId,
      sarifFiles: await sarifInputFiles(workspace, inputs.sarif ?? []),
      ...(inputs.npmAudit ? { npmAudit: inputs.npmAudit } : {}),
      ...(inputs.pipAudit ? { pipAudit: inputs.pipAudit } : {}),
      ...(inputs.maxFixes !== undefined ? { maxFixes: inputs.maxFixes } : {}),
      tempDir,
      log: { info: (m) => io.info(m), warning: (m) => io.warning(m) },
    });
    const c = result.proposal.counts;
    return {
      outputs: {
        findings: String(c.findings ?? 0),
        'changed-line-findings': String(c['on-changed-lines'] ?? 0),
        'fixes-kept': String(c['fixes-kept'] ?? 0),
      },
      summary: renderSecuritySummary(result),
      record: { status: 'success' },
    };
  },
});
