/** Reading and writing repo_atlas.json. */
import { readFile, writeFile } from 'node:fs/promises';
import { ConfigurationError } from '@eternia/core';
import { isExactAtlas } from './atlas-check.js';
import { atlasSchema, type Atlas } from './schema.js';

export const ATLAS_FILE = 'repo_atlas.json';

/** Compact JSON, one trailing newline; the key order is the schema's, so the same atlas gives the same bytes. */
export function serializeAtlas(atlas: Atlas): string {
  return `${JSON.stringify(atlas)}\n`;
}

/** Parses an atlas; a file that is not one (or of another schema version) is a ConfigurationError naming `where`. */
export function parseAtlas(text: string, where: string): Atlas {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`not valid JSON (${(error as Error).message})`, where);
  }
  // What serializeAtlas wrote needs no zod pass (a second on a large tree); anything else gets one.
  if (isExactAtlas(json)) return json;
  const result = atlasSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigurationError(
      `not a repo atlas of schema ${1}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      where,
    );
  }
  return result.data;
}

/** The atlas in `file`, or null when there is none. */
export async function readAtlasFile(file: string): Promise<Atlas | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigurationError(`cannot be read: ${(error as Error).message}`, file);
  }
  return parseAtlas(text, file);
}

export async function writeAtlasFile(file: string, atlas: Atlas): Promise<void> {
  await writeFile(file, serializeAtlas(atlas));
}
