export { createRoleRuntime, type RoleInputs, type RuntimeRole, type RoleRuntime, type RoleRuntimeDeps } from './role-runtime.js';
export { readAgentPull, issueOfPullBody, type AgentPull } from './pull-request.js';
export { flowInputsSchema, builtinPromptsDir } from './flow-inputs.js';
export type { RoleActionDeps } from './role-action-deps.js';
export { deliveryDeps } from './delivery-deps.js';
