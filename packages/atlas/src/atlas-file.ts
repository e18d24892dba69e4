/**
 * Reading and writing repo_atlas.json. Written as ASCII (other characters as JSON's \u escapes): read back,
 * such a text decodes and parses a third faster than UTF-8 with a few accents in it, and makes one-byte strings.
 */
import { isAscii } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { ConfigurationError } from '@eternia/core';
import { isExactAtlas } from './atlas-check.js';
import { storedBody } from './entry-text.js';
import { ATLAS_SCHEMA_VERSION, atlasSchema, type Atlas, type AtlasFile } from './schema.js';

export const ATLAS_FILE = 'repo_atlas.json';

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;

/** JSON text with every character outside ASCII as a \u escape (a surrogate pair as two): the same JSON value. */
function asciiOnly(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/**
 * Compact ASCII JSON, one trailing newline; the key order is the schema's, so the same atlas gives the same bytes.
 * The last key, `checksum`, is the CRC-32 of every byte before it: a rebuild that finds it intact may copy the text
 * of unchanged entries without parsing them (previous-atlas.ts). Readers drop it; it is not part of the atlas.
 */
export function serializeAtlas(atlas: Atlas): string {
  let text = '';
  for (const piece of atlasPieces(atlas)) text += typeof piece === 'string' ? piece : piece.toString('latin1');
  return `${text}${checksumTail(crc32(Buffer.from(text, 'latin1')))}`;
}

/** `,"checksum":"xxxxxxxx"}` and the newline: what ends an atlas file, after the bytes the CRC covers. */
export function checksumTail(crc: number): string {
  return `,"checksum":"${(crc >>> 0).toString(16).padStart(8, '0')}"}\n`;
}
export const CHECKSUM_TAIL_BYTES = checksumTail(0).length;

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
  json = withoutChecksum(json);
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

/** The value without its top-level `checksum` (a property of the text the value was read from, not of the atlas). */
function withoutChecksum(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || !('checksum' in json)) return json;
  const { checksum: _, ...atlas } = json as Record<string, unknown>;
  return atlas;
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

const CHUNK_BYTES = 1 << 20;

/**
 * The atlas's text up to its checksum, in pieces (ASCII strings, and the stored bytes of entries that kept theirs,
 * entry-text.ts): JSON.stringify of the atlas cut between the elements of its arrays. The whole text of a
 * 60,000-file atlas is 120 MB of UTF-8, twice that as a string, on top of the atlas itself.
 */
function* atlasPieces(atlas: Atlas): Generator<string | Buffer> {
  let separator = '{';
  for (const [key, value] of Object.entries(atlas) as Array<[string, unknown]>) {
    if (value === undefined || key === 'checksum') continue; // JSON.stringify leaves undefined out; the checksum is recomputed
    yield `${separator}${asciiOnly(JSON.stringify(key))}:`;
    separator = ',';
    if (!Array.isArray(value)) {
      yield asciiOnly(JSON.stringify(value));
      continue;
    }
    yield '[';
    for (const [i, element] of value.entries()) {
      if (i > 0) yield ',';
      const body = key === 'files' ? storedBody(element as AtlasFile) : undefined;
      if (!body) {
        yield asciiOnly(JSON.stringify(element));
        continue;
      }
      const { path, language, size, hash, blob, owners, library, rank } = element as AtlasFile;
      yield `${asciiOnly(JSON.stringify({ path, language, size, hash, blob, owners, library })).slice(0, -1)},`;
      yield body;
      yield `,"rank":${JSON.stringify(rank)}}`;
    }
    yield ']';
  }
}

/** Writes what serializeAtlas gives, a megabyte at a time (see atlasPieces), each piece copied once into the chunk. */
export async function writeAtlasFile(file: string, atlas: Atlas): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let crc = 0;
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    const flush = async () => {
      const bytes = chunk.subarray(0, used);
      crc = crc32(bytes, crc);
      await handle.writeFile(bytes); // from the current position, all of it
      used = 0;
    };
    for (const piece of atlasPieces(atlas)) {
      const length = typeof piece === 'string' ? piece.length : piece.byteLength; // ASCII: one byte a character
      if (used + length > chunk.length) {
        await flush();
        if (length > chunk.length) chunk = Buffer.allocUnsafe(length);
      }
      if (typeof piece === 'string') used += chunk.write(piece, used, 'latin1');
      else {
        chunk.set(piece, used);
        used += length;
      }
    }
    await flush();
    await handle.writeFile(checksumTail(crc));
  } finally {
    await handle.close();
  }
}
