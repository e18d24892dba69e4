import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The inputs every flow role's action.yml declares (github-token, pr, policy-file, the model provider,
 * bot-login, dossier-run-id). A role adds its own with `.extend({...})`.
 */
export const flowInputsSchema = z.object({
  'github-token': z.string().optional(),
  pr: z.number().int().min(1),
  'policy-file': z.string().optional(),
  'openai-api-key': z.string().optional(),
  'openai-base-url': z.string().optional(),
  model: z.string().optional(),
  'bot-login': z.string().optional(),
  'dossier-run-id': z.number().int().min(1).optional(),
  workflows: z.array(z.string().min(1)).optional(), // workflow files whose runs may hold the dossier (dossier-run-id)
});

/**
 * `prompts/` of this library, two folders up from the running bundle (dist/<role>/index.js): GitHub downloads
 * the whole repository for an action. Pass the entry's `import.meta.url`. Not `new URL('../../prompts/', …)`:
 * a bundler may take that for an asset to copy and rewrite it.
 */
export function builtinPromptsDir(moduleUrl: string): string {
  return path.resolve(path.dirname(fileURLToPath(moduleUrl)), '..', '..', 'prompts');
}
