import type { ActionIO } from '@eternia/core';
import type { DossierStore } from '@eternia/dossier';

/** What a flow role's `run(deps)` takes: the runner's IO and environment, plus seams tests use. */
export interface RoleActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach local servers with the global fetch; the runner uses @actions/github's own. */
  fetch?: typeof fetch;
  dossierStore?: DossierStore;
  /** The built-in prompts; by default `prompts/` of this library, two folders up from the bundle. */
  promptsDir?: string;
}
