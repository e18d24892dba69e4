/**
 * Reading and writing repo_atlas.json. Written as ASCII (other characters as JSON's \u escapes): read back,
 * such a text decodes and parses a third faster than UTF-8 with a few accents in it, and makes one-byte strings.
 */
import { isAscii } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { ConfigurationError } from '@eternia/core';
import { isExactAtlas } from './atlas-check.js';
import { ATLAS_SCHEMA_VERSION, atlasSchema, type Atlas } from './schema.js';

export const ATLAS_FILE = 'repo_atlas.json';

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;

/** JSON text with every character outside ASCII as a \u escape (a surrogate pair as two): the same JSON value. */
function asciiOnly(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** Compact ASCII JSON, one trailing newline; the key order is the schema's, so the same atlas gives the same bytes. */
export function serializeAtlas(atlas: Atlas): string {
  return `${asciiOnly(JSON.stringify(atlas))}\n`;
}

/** The text of an atlas file's bytes: ASCII (what writeAtlasFile writes) is read as it is, anything else as UTF-8. */
export function decodeAtlasBytes(bytes: Uint8Array): string {
  return isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') : new TextDecoder().decode(bytes);
}

/** Parses an atlas; a file that is not one (or of another schema version) is a ConfigurationError naming `where`. */
export function parseAtlas(text: string, where: string): Atlas {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`not valid JSON (${(error as Error).message})`, where);
  }
  return atlasFromJson(json, where);
}

/**
 * parseAtlas for a text already parsed: a reader that must look at the JSON first (is it an atlas at all?) need not
 * parse 100 MB twice.
 */
export function atlasFromJson(json: unknown, where: string): Atlas {
  // What serializeAtlas wrote needs no zod pass (a second on a large tree); anything else gets one.
  if (isExactAtlas(json)) return json;
  const result = atlasSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigurationError(
      `not a repo atlas of schema ${ATLAS_SCHEMA_VERSION}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      where,
    );
  }
  return result.data;
}

/** The atlas in `file`, or null when there is none. */
export async function readAtlasFile(file: string): Promise<Atlas | null> {
  let text: string;
  try {
    text = decodeAtlasBytes(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigurationError(`cannot be read: ${(error as Error).message}`, file);
  }
  return parseAtlas(text, file);
}

const CHUNK_CHARS = 1 << 20;

/**
 * serializeAtlas's text, in pieces: JSON.stringify of the atlas cut between the elements of its arrays. The whole
 * text of a 60,000-file atlas is 120 MB of UTF-8, twice that as a string, on top of the atlas itself.
 */
export function* atlasChunks(atlas: Atlas): Generator<string> {
  let pending = '{';
  let separator = '';
  for (const [key, value] of Object.entries(atlas) as Array<[string, unknown]>) {
    if (value === undefined) continue; // JSON.stringify leaves such keys out
    pending += `${separator}${asciiOnly(JSON.stringify(key))}:`;
    separator = ',';
    if (!Array.isArray(value)) {
      pending += asciiOnly(JSON.stringify(value));
      continue;
    }
    pending += '[';
    for (const [i, element] of value.entries()) {
      pending += `${i > 0 ? ',' : ''}${asciiOnly(JSON.stringify(element))}`;
      if (pending.length >= CHUNK_CHARS) {
        yield pending;
        pending = '';
      }
    }
    pending += ']';
  }
  yield `${pending}}\n`;
}

/** Writes what serializeAtlas gives, a piece at a time (see atlasChunks). */
export async function writeAtlasFile(file: string, atlas: Atlas): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const chunk of atlasChunks(atlas)) await handle.writeFile(chunk); // from the current position, all of it
  } finally {
    await handle.close();
  }
}
