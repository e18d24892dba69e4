import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { ConfigurationError } from '@eternia/core';

export interface LoadedPrompt {
  text: string;
  /** The file the text came from (absolute path). */
  source: string;
  /** First 12 hex digits of the text's sha256: names the exact prompt in the ledger and the dossier. */
  version: string;
  /** True when the consuming repository's override was used. */
  overridden: boolean;
}

/** Where a consuming repository puts its own prompts, relative to its workspace. */
export const PROMPT_OVERRIDE_DIR = '.github/agents/prompts';
const MAX_PROMPT_BYTES = 200_000;

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A role's prompt: the consuming repository's `.github/agents/prompts/<name>.md` when it has one, the
 * library's built-in `prompts/<name>.md` otherwise. Line endings are normalised so a Windows checkout
 * yields the same version.
 */
export async function loadPrompt(name: string, opts: { workspace?: string; builtinDir: string }): Promise<LoadedPrompt> {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) {
    throw new ConfigurationError(`'${name}' is not a prompt name (letters, digits, '_' and '-' only)`, 'prompt name');
  }
  const candidates: Array<{ path: string; overridden: boolean }> = [];
  if (opts.workspace) candidates.push({ path: join(opts.workspace, PROMPT_OVERRIDE_DIR, `${name}.md`), overridden: true });
  candidates.push({ path: join(opts.builtinDir, `${name}.md`), overridden: false });

  for (const candidate of candidates) {
    const raw = await readIfPresent(candidate.path);
    if (raw === undefined) continue;
    const where = candidate.overridden ? `${PROMPT_OVERRIDE_DIR}/${name}.md` : candidate.path;
    if (candidate.overridden) {
      // A symlink out of the repository would send a runner file (credentials, say) to the model provider.
      const real = await realpath(candidate.path);
      const rel = relative(await realpath(opts.workspace!), real);
      if (rel.startsWith('..') || isAbsolute(rel)) throw new ConfigurationError('the prompt override points outside the repository', where);
    }
    if (Buffer.byteLength(raw) > MAX_PROMPT_BYTES) throw new ConfigurationError(`the prompt is larger than ${MAX_PROMPT_BYTES} bytes`, where);
    const text = raw.replace(/\r\n?/g, '\n');
    if (text.trim() === '') throw new ConfigurationError('the prompt file is empty', where);
    const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
    return { text, source: candidate.path, version, overridden: candidate.overridden };
  }
  throw new ConfigurationError(`no prompt '${name}': looked for ${candidates.map((c) => c.path).join(' and ')}`, 'prompt name');
}
