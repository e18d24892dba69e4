/**
 * Atlas entries that carry their stored text: read from a previous atlas for a rebuild (previous-atlas.ts), they
 * parse their symbols, imports and terms only when asked, and the writer copies that text instead of serializing
 * them again. The text is trusted because the file's checksum held (see atlas-file.ts).
 */
import type { AtlasFile } from './schema.js';

/** An entry's stored head, the fields a rebuild reads or rewrites. */
export type EntryHead = Pick<AtlasFile, 'path' | 'language' | 'size' | 'hash' | 'blob' | 'owners' | 'library' | 'rank'>;

type Body = Pick<AtlasFile, 'doc' | 'symbols' | 'imports' | 'terms' | 'names'>;

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
  get terms(): string | undefined {
    return this.#fields().terms;
  }
  set terms(value: string | undefined) {
    this.#set('terms', value);
  }
  get names(): string | undefined {
    return this.#fields().names;
  }
  set names(value: string | undefined) {
    this.#set('names', value);
  }

  toJSON(): AtlasFile {
    const { path, language, size, hash, blob, owners, library, doc, symbols, imports, terms, names, rank } = this;
    return { path, language, size, hash, blob, owners, library, doc, symbols, imports, terms, names, rank };
  }
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
