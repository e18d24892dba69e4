import type { z } from 'zod';
import { ROLES, type InputValues, type Policy, type Role } from '@eternia/core';
import type { Dossier, RunStatus } from '@eternia/dossier';
import type { DeliveryDeps } from '@eternia/roles/delivery';
import type { Sandbox } from '@eternia/tools';
import type { ActionContext } from './action-context.js';
import type { RoleActionDeps } from './action-deps.js';
import type { AgentPull } from './pull-request.js';
import type { RoleRuntime } from './role-runtime.js';

/** What a role asks the host to build before its `run`. */
export interface RoleNeeds {
  /** The agent PR of the `pr` input, with the default branch's policy, the PR's dossier and its ledger. */
  pull?: boolean;
  /** A model for this role (`models.<role>`, the openai-* inputs); the summary lists its calls. Needs pull. */
  model?: boolean;
  /** The flow's model-calls ledger, listed in the summary (report). Needs pull. */
  ledger?: boolean;
  /** Runs repository code: credential-less git and the sandbox, opened and closed by the host. Needs pull. */
  sandbox?: boolean;
}

/** What the host gives a role with the agent PR. */
export interface PullContext {
  runtime: RoleRuntime;
  pull: AgentPull;
  dossier: Dossier;
  policy: Policy;
  /** The built-in prompts folder (overridden by the default branch's `.github/agents/prompts/`). */
  promptsDir: string;
}

/** The context `run` receives: the action context, plus what `needs` asked for. */
export type RoleContext<I, N extends RoleNeeds> = ActionContext & { inputs: I; deps: RoleActionDeps } & (N extends { pull: true }
    ? PullContext
    : object) &
  (N extends { sandbox: true } ? { delivery: DeliveryDeps & { sandbox: Sandbox } } : object);

/** What a role hands back; the host writes it (outputs, dossier run entry, summary) in one place. */
export interface RoleOutcome {
  outputs: Record<string, string>;
  /** The role's own summary; the host appends the model calls, sandbox and policy sections. */
  summary: string;
  /**
   * The dossier run entry (sha: the PR head by default); the host then saves the dossier. null: nothing may be
   * written (frozen before any work), the dossier included. Ignored by roles without a pull.
   */
  record?: { status: RunStatus; sha?: string } | null;
  /** The policy the summary names, for actions that read their own (the supervisor); pull roles name theirs. */
  policy?: { source: string | null; notices: readonly string[] };
  /** Thrown after outputs, dossier and summary are written: the step ends red with everything kept. */
  failure?: Error;
}

export interface RoleDeclaration<S extends z.ZodObject, N extends RoleNeeds> {
  /** The role's name: the action's name in failure lines and the dossier run entry's role. */
  name: string;
  /** The action.yml inputs, kebab-case; `run` gets them camelCased. Pull roles extend flowInputsSchema. */
  inputs: S;
  needs: N;
  /** The policy's `models.<key>` the role asks, when it is not its name (security-scan asks `models.security`). */
  modelKey?: Role;
  /** Named in the error when there is no token. */
  tokenPermissions?: readonly string[];
  run(ctx: RoleContext<InputValues<S>, N>): Promise<RoleOutcome>;
}

/** Declares a role; the host (runRole) does everything around its `run`. */
export function defineRole<S extends z.ZodObject, const N extends RoleNeeds>(declaration: RoleDeclaration<S, N>): RoleDeclaration<S, N> {
  const { needs } = declaration;
  if (!needs.pull && (needs.model || needs.ledger || needs.sandbox)) {
    throw new Error(`role ${declaration.name}: model, ledger and sandbox come with the pull (needs.pull)`);
  }
  if (needs.pull && !('pr' in declaration.inputs.shape)) {
    throw new Error(`role ${declaration.name}: a pull role declares the \`pr\` input (extend flowInputsSchema)`);
  }
  if (needs.model && !(ROLES as readonly string[]).includes(declaration.modelKey ?? declaration.name)) {
    throw new Error(`role ${declaration.name}: only ${ROLES.join(', ')} ask a model (the policy's models.<role>)`);
  }
  return declaration;
}
