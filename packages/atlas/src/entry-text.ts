/**
 * Atlas entries that carry their stored text: read from a previous atlas for a rebuild (previous-atlas.ts), they
 * parse their symbols, imports and terms only when asked, and the writer copies that text instead of serializing
 * them again. The text is trusted because the file's checksum held (see atlas-file.ts).
 */
import type { AtlasFile } from './schema.js';

/** An entry's stored head, the fields a rebuild reads or rewrites. */
export type EntryHead = Pick<AtlasFile, 'path' | 'language' | 'size' | 'hash' | 'blob' | 'owners' | 'library' | 'rank'>;

type Body = Pick<AtlasFile, 'doc' | 'symbols' | 'imports' | 'terms' | 'names'>;

/** What retrieval reads of every file's symbols (definitions.ts, select.ts): their names and kinds. */
export type SymbolHead = Pick<AtlasFile['symbols'][number], 'name' | 'kind'>;

// Byte strings only the writer's punctuation forms in an entry's text (inside a JSON string every `"` is escaped):
// the body's last two keys (an import's `names` is an array, so `"names":"` is the file's own), the start of a
// symbol (imports start with `source`) and its next key.
const TERMS_KEY = Buffer.from(',"terms":"', 'latin1');
const NAMES_KEY = Buffer.from(',"names":"', 'latin1');
const SYMBOL_START = Buffer.from('{"name":"', 'latin1');
const KIND_KEY = Buffer.from('","kind":"', 'latin1');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The string from `start` to the next quote, or null when it holds an escape (the caller parses instead). */
function plainString(text: Buffer, start: number): { value: string; end: number } | null {
  const end = text.indexOf(QUOTE, start);
  if (end < 0) return null;
  const slash = text.indexOf(BACKSLASH, start);
  if (slash >= 0 && slash < end) return null;
  return { value: text.toString('latin1', start, end), end };
}

/** The value of the body's string field `key` (TERMS_KEY, NAMES_KEY): undefined when absent, null when escaped. */
function storedString(text: Buffer, key: Buffer): string | undefined | null {
  const at = text.lastIndexOf(key);
  return at < 0 ? undefined : (plainString(text, at + key.length)?.value ?? null);
}

/** Each symbol's name and kind, in order, or null when one holds an escape. */
function storedSymbolHeads(text: Buffer): SymbolHead[] | null {
  const heads: SymbolHead[] = [];
  for (let at = text.indexOf(SYMBOL_START); at >= 0; at = text.indexOf(SYMBOL_START, at + 1)) {
    const name = plainString(text, at + SYMBOL_START.length);
    if (!name || text.compare(KIND_KEY, 0, KIND_KEY.length, name.end, name.end + KIND_KEY.length) !== 0) return null;
    const kind = plainString(text, name.end + KIND_KEY.length);
    if (!kind) return null;
    heads.push({ name: name.value, kind: kind.value });
    at = kind.end;
  }
  return heads;
}

/**
 * An entry whose head is data and whose other fields are the JSON text `body` (ASCII bytes from `"doc":` or
 * `"symbols":` up to, not including, `,"rank":`), parsed on first use. JSON.stringify gives what it gives for the
 * parsed entry (toJSON, in the schema's key order); setting a field of the body drops the stored text, and the writer
 * then serializes the entry. A class rather than per-entry accessors: defining those cost more than parsing saved.
 */
class StoredEntry {
  declare path: string;
  declare language: string;
  declare size: number;
  declare hash: string;
  declare blob: string;
  declare owners: string[];
  declare library: boolean;
  declare rank: number;
  #text: Buffer | undefined;
  #body: Body | undefined;
  #symbolHeads: SymbolHead[] | undefined;

  constructor(head: EntryHead, text: Buffer) {
    this.path = head.path;
    this.language = head.language;
    this.size = head.size;
    this.hash = head.hash;
    this.blob = head.blob;
    this.owners = head.owners;
    this.library = head.library;
    this.rank = head.rank;
    this.#text = text;
  }

  /** The stored text, while no field of the body was set. */
  get storedText(): Buffer | undefined {
    return this.#text;
  }

  #fields(): Body {
    if (!this.#body) {
      const text = this.#text as Buffer;
      this.#body = JSON.parse(`{${text.toString('latin1')}}`) as Body;
    }
    return this.#body;
  }

  #set<K extends keyof Body>(key: K, value: Body[K]): void {
    this.#fields()[key] = value;
    this.#text = undefined;
  }

  get doc(): string | undefined {
    return this.#fields().doc;
  }
  set doc(value: string | undefined) {
    this.#set('doc', value);
  }
  get symbols(): AtlasFile['symbols'] {
    return this.#fields().symbols;
  }
  set symbols(value: AtlasFile['symbols']) {
    this.#set('symbols', value);
  }
  get imports(): AtlasFile['imports'] {
    return this.#fields().imports;
  }
  set imports(value: AtlasFile['imports']) {
    this.#set('imports', value);
  }
  // A query reads every file's terms and names (its retrieval index) and symbols' names and kinds: read from the
  // text without parsing the rest (most of a first query's time on a large tree otherwise).
  get terms(): string | undefined {
    const quick = this.#body || !this.#text ? null : storedString(this.#text, TERMS_KEY);
    return quick === null ? this.#fields().terms : quick;
  }
  set terms(value: string | undefined) {
    this.#set('terms', value);
  }
  get names(): string | undefined {
    const quick = this.#body || !this.#text ? null : storedString(this.#text, NAMES_KEY);
    return quick === null ? this.#fields().names : quick;
  }

  /** The symbols' names and kinds (SymbolHead), kept: a query's definitions pass reads them for every file. */
  symbolHeads(): readonly SymbolHead[] {
    if (this.#body || !this.#text) return this.#fields().symbols;
    this.#symbolHeads ??= storedSymbolHeads(this.#text) ?? this.#fields().symbols;
    return this.#symbolHeads;
  }
  set names(value: string | undefined) {
    this.#set('names', value);
  }

  toJSON(): AtlasFile {
    const { path, language, size, hash, blob, owners, library, doc, symbols, imports, terms, names, rank } = this;
    return { path, language, size, hash, blob, owners, library, doc, symbols, imports, terms, names, rank };
  }
}

/** The names and kinds of a file's symbols; for an entry read lazily, without parsing the rest of its text. */
export function symbolHeads(file: AtlasFile): readonly SymbolHead[] {
  return file instanceof StoredEntry ? file.symbolHeads() : file.symbols;
}

/** The stored text of the fields between `library` and `rank`, for an entry none of them was set on since. */
export function storedBody(file: AtlasFile): Buffer | undefined {
  return file instanceof StoredEntry ? file.storedText : undefined;
}

/** An entry with head `head` whose other fields are the stored text `body` (see StoredEntry). */
export function entryWithBody(head: EntryHead, body: Buffer): AtlasFile {
  return new StoredEntry(head, body);
}

/** A copy of `file` under a new head, sharing its stored text; undefined when it has none. */
export function withHead(file: AtlasFile, head: EntryHead): AtlasFile | undefined {
  const body = storedBody(file);
  return body && entryWithBody(head, body);
}
