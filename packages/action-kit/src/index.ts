export { createActionContext, type ActionContext, type ActionContextOptions, type RoleLog } from './action-context.js';
export type { ActionDeps, RoleActionDeps } from './action-deps.js';
export { defineRole, type PullContext, type RoleContext, type RoleDeclaration, type RoleNeeds, type RoleOutcome } from './role-declaration.js';
export { runRole } from './run-role.js';
export { createRoleRuntime, createPullRuntime, type RoleInputs, type RuntimeRole, type RoleRuntime, type RoleRuntimeDeps } from './role-runtime.js';
export { readAgentPull, issueOfPullBody, type AgentPull } from './pull-request.js';
export { flowInputsSchema, builtinPromptsDir } from './flow-inputs.js';
export { repoAtlasInput, repoAtlasFile } from './repo-atlas-input.js';
export { isWithin } from './path-within.js';
