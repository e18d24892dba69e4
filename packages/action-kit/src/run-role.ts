/**
 * The role host: everything around a role's `run`, in one place. It parses the inputs once, builds the action
 * context (and, for pull roles, the PR runtime and the sandbox), and afterwards writes the outputs, the dossier run
 * entry and the summary. Anything thrown — by the set-up or by the role — is rethrown for runAction, the one
 * wrapper that calls setFailed; after the PR runtime exists, the dossier is saved first.
 */
import { parseInputs, policySummary, summarySection } from '@eternia/core';
import type { z } from 'zod';
import { createActionContext, type ActionContext } from './action-context.js';
import type { RoleActionDeps } from './action-deps.js';
import { builtinPromptsDir } from './flow-inputs.js';
import type { PullContext, RoleDeclaration, RoleNeeds, RoleOutcome } from './role-declaration.js';
import { repoAtlasFile } from './repo-atlas-input.js';
import { createPullRuntime, type RoleInputs, type RoleRuntime } from './role-runtime.js';

export async function runRole<S extends z.ZodObject, N extends RoleNeeds>(declaration: RoleDeclaration<S, N>, deps: RoleActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(declaration.inputs, io.getInput);
  const raw = inputs as Record<string, unknown>;
  const githubToken = typeof raw.githubToken === 'string' ? raw.githubToken : undefined;
  const context = await createActionContext(deps, {
    githubToken,
    ...(declaration.tokenPermissions ? { tokenPermissions: declaration.tokenPermissions } : {}),
  });
  const base = { ...context, inputs, deps };
  type Ctx = Parameters<typeof declaration.run>[0];

  if (!declaration.needs.pull) {
    const outcome = await declaration.run(base as unknown as Ctx);
    await finish(context, outcome, outcome.policy ? policySummary(outcome.policy) : '');
    return;
  }

  const runtime = await createPullRuntime(context, declaration.name, inputs as unknown as RoleInputs, deps, declaration.modelKey);
  const pullContext: PullContext = {
    runtime,
    pull: runtime.pull,
    dossier: runtime.dossier,
    policy: runtime.policy,
    // The bundle is dist/<role>/index.js, so the library's prompts/ is two folders up from it.
    promptsDir: deps.promptsDir ?? builtinPromptsDir(import.meta.url),
  };
  let sandboxSection = '';
  let outcome: RoleOutcome;
  try {
    if (declaration.needs.sandbox) {
      const installCommand = typeof raw.installCommand === 'string' ? raw.installCommand : undefined;
      const atlasFile = repoAtlasFile(typeof raw.repoAtlas === 'string' ? raw.repoAtlas : undefined, runtime.runner.workspace);
      // Loaded only by the roles that edit the working tree: it brings the sandbox and the test tools.
      const { deliveryDeps } = await import('./delivery-deps.js');
      const delivery = await deliveryDeps(runtime, { ...deps, installCommand, atlasFile }, pullContext.promptsDir);
      try {
        outcome = await declaration.run({ ...base, ...pullContext, delivery } as unknown as Ctx);
      } finally {
        await delivery.sandbox.close();
      }
      sandboxSection = summarySection('Sandbox', delivery.sandbox.describe());
    } else {
      outcome = await declaration.run({ ...base, ...pullContext } as unknown as Ctx);
    }
  } catch (error) {
    await runtime.saveAfterFailure(runtime.pull.headSha);
    throw error;
  }

  if (outcome.record) {
    runtime.recordRun(outcome.record.status, outcome.record.sha);
    await runtime.saveDossier();
  }
  await finish(context, outcome, modelCallsSection(runtime, declaration.needs) + sandboxSection + policySummary(runtime.policyLoaded));
}

/** Outputs, then the summary: the role's own sections and the host's; then the role's deliberate failure. */
async function finish(context: ActionContext, outcome: RoleOutcome, hostSections: string): Promise<void> {
  for (const [name, value] of Object.entries(outcome.outputs)) context.io.setOutput(name, value);
  await context.io.appendSummary(outcome.summary + (hostSections ? `\n${hostSections}` : ''));
  if (outcome.failure) throw outcome.failure;
}

/** The ledger lists every model call of the flow so far, saved in the dossier: shown by roles that ask or report. */
function modelCallsSection(runtime: RoleRuntime, needs: RoleNeeds): string {
  if (!(needs.model || needs.ledger) || runtime.ledger.entries.length === 0) return '';
  return summarySection('Model calls', runtime.ledger.toMarkdown());
}
