/**
 * Reading an atlas file lazily, for a rebuild or a query. When the file is intact as writeAtlasFile wrote it (its
 * checksum holds), each entry's head (path, language, size, hash, blob, owners, library, rank) is parsed and the rest
 * stays text, parsed only when asked for: an unchanged file's entry then goes from the old file to the new one as
 * bytes. Parsing and serializing the whole atlas was most of a rebuild on a large tree (2 of 4 s on 20,000 files),
 * and half of loading one for a query. Any other file (no checksum, edited, another layout) is read as readAtlasFile
 * reads it.
 */
import { isAscii } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { ConfigurationError } from '@eternia/core';
import { isEdges, isEntryHead, isPackages } from './atlas-check.js';
import { CHECKSUM_TAIL_BYTES, checksumTail, decodeAtlasBytes, parseAtlas } from './atlas-file.js';
import { entryWithBody } from './entry-text.js';
import { ATLAS_SCHEMA_VERSION, type Atlas, type AtlasFile } from './schema.js';

/** The atlas in `file` (for buildAtlas's `previous`, or to query), or null when there is none. */
export async function readAtlasLazily(file: string): Promise<Atlas | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigurationError(`cannot be read: ${(error as Error).message}`, file);
  }
  return atlasWithStoredEntries(bytes) ?? parseAtlas(decodeAtlasBytes(bytes), file);
}

const HEAD = new RegExp(`^\\{"schema":${ATLAS_SCHEMA_VERSION},"extractor":(\\d{1,9}),"files":\\[`);
const ascii = (bytes: Buffer, from: number, to: number): string => bytes.toString('latin1', from, to);
// Searched for as bytes, encoded once.
const NEXT_ENTRY = Buffer.from('},{"path":"', 'latin1');
const LIBRARY_KEY = Buffer.from(',"library":', 'latin1');
const RANK_KEY = Buffer.from(',"rank":', 'latin1');

/**
 * The atlas of `bytes` with entries that keep their text (entry-text.ts), or null when the bytes are not an atlas
 * exactly as writeAtlasFile writes one. Entry boundaries are found as byte strings that only the writer's own
 * punctuation can form: inside a JSON string every `"` is escaped, and no key below a file is `path`, `library` or
 * `rank`.
 */
export function atlasWithStoredEntries(bytes: Buffer): Atlas | null {
  const covered = bytes.length - CHECKSUM_TAIL_BYTES;
  if (covered <= 0 || ascii(bytes, covered, bytes.length) !== checksumTail(crc32(bytes.subarray(0, covered)))) return null;
  if (!isAscii(bytes)) return null;
  const head = HEAD.exec(ascii(bytes, 0, Math.min(covered, 64)));
  if (!head) return null;
  const filesStart = (head[0] as string).length;
  const filesEnd = bytes.indexOf('],"edges":[', filesStart - 1, 'latin1');
  if (filesEnd < 0) return null;
  let rest: { edges?: unknown; packages?: unknown };
  try {
    rest = JSON.parse(`{${ascii(bytes, filesEnd + 2, covered)}}`) as typeof rest;
  } catch {
    return null;
  }
  if (Object.keys(rest).join() !== 'edges,packages' || !isEdges(rest.edges) || !isPackages(rest.packages)) return null;
  const files: AtlasFile[] = [];
  for (let at = filesStart; at < filesEnd;) {
    const next = bytes.indexOf(NEXT_ENTRY, at);
    const end = next < 0 || next > filesEnd ? filesEnd - 1 : next; // the entry's closing brace
    const entry = storedEntry(bytes, at, end);
    if (!entry) return null;
    files.push(entry);
    at = end + 2;
  }
  return {
    schema: ATLAS_SCHEMA_VERSION,
    extractor: Number(head[1]),
    files,
    edges: rest.edges as Atlas['edges'],
    packages: rest.packages as Atlas['packages'],
  };
}

/** The entry whose text runs from `start` (its `{`) to `end` (its `}`), or null when it is not one. */
function storedEntry(bytes: Buffer, start: number, end: number): AtlasFile | null {
  if (ascii(bytes, start, start + 9) !== '{"path":"' || bytes[end] !== 0x7d) return null;
  const library = bytes.indexOf(LIBRARY_KEY, start);
  if (library < 0 || library > end) return null;
  const flag = ascii(bytes, library + 11, library + 16);
  const headEnd = library + 11 + (flag.startsWith('true') ? 4 : flag === 'false' ? 5 : NaN);
  const rankKey = bytes.lastIndexOf(RANK_KEY, end);
  if (!(headEnd < rankKey) || bytes[headEnd] !== 0x2c) return null;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(`${ascii(bytes, start, headEnd)},"rank":${ascii(bytes, rankKey + 8, end)}}`) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!isEntryHead(fields) || !isBodyText(bytes, headEnd + 1, rankKey)) return null;
  return entryWithBody(fields, bytes.subarray(headEnd + 1, rankKey));
}

const BODY_KEYS = ['doc', 'symbols', 'imports', 'terms', 'names'];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/** Whether the quote at `at` is escaped: an odd number of backslashes right before it. */
function escaped(bytes: Buffer, at: number): boolean {
  let backslashes = 0;
  while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * True when bytes[from, to) are `"key":value` pairs of the body's keys, in order (symbols and imports present),
 * every string and bracket closed. The checksum only shows the file is the one some writer wrote: a file made to
 * pass it (a planted or edited cache) could otherwise carry text that, copied into the next atlas, closes the
 * entry early or repeats a head key. Values are not checked further; a reader parses and checks them.
 */
function isBodyText(bytes: Buffer, from: number, to: number): boolean {
  let at = from;
  let next = 0;
  const seen = new Set<string>();
  while (at < to) {
    if (bytes[at] !== QUOTE) return false;
    const close = bytes.indexOf(QUOTE, at + 1);
    if (close < 0 || close >= to || bytes[close + 1] !== 0x3a) return false;
    const key = bytes.toString('latin1', at + 1, close);
    const index = BODY_KEYS.indexOf(key, next);
    if (index < 0) return false;
    next = index + 1;
    seen.add(key);
    // The value: to the comma at depth 0 outside strings, or the end. A string is skipped to its closing quote
    // (one not escaped by an odd run of backslashes) with a native search: most of the bytes are in strings.
    let depth = 0;
    for (at = close + 2; at < to; at++) {
      const byte = bytes[at] as number;
      if (byte === QUOTE) {
        let end = bytes.indexOf(QUOTE, at + 1);
        while (end >= 0 && end < to && escaped(bytes, end)) end = bytes.indexOf(QUOTE, end + 1);
        if (end < 0 || end >= to) return false;
        at = end;
      } else if (byte === 0x5b || byte === 0x7b) depth++;
      else if (byte === 0x5d || byte === 0x7d) {
        if (--depth < 0) return false;
      } else if (byte === COMMA && depth === 0) break;
    }
    if (depth !== 0) return false;
    if (at < to && ++at >= to) return false; // a comma ends the body: another key must follow
  }
  return seen.has('symbols') && seen.has('imports');
}
