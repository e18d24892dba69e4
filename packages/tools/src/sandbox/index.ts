export { openSandbox, ALLOW_UNSANDBOXED_KEY, DEFAULT_SANDBOX_USER } from './open-sandbox.js';
export type { OpenSandboxSeams } from './open-sandbox.js';
export { runInstallCommand } from './run-install-command.js';
export type { InstallCommandOptions } from './run-install-command.js';
export type { OpenSandboxOptions, Sandbox, SandboxRunOptions, SandboxStrategy } from './types.js';
export type { Privilege } from './privilege.js';
