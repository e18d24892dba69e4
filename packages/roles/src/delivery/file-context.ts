/**
 * The repository files a delivery prompt shows the model: the files the plan names, then (with a query)
 * the files the repo atlas ranks most relevant to it, then existing tests, each capped, the whole capped;
 * and with a query, a map of the relevant files' symbols (signatures) within a token budget. A file over the
 * cap shows, with a query, an excerpt: its head and the parts the query is about (atlas excerpt.ts); without
 * one, its first characters. Denied paths (secrets, workflows) are never read, nor named in the map.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Atlas } from '@eternia/atlas';
import { fenceUntrusted } from '@eternia/llm';

export interface ContextFile {
  path: string;
  content: string;
  /** Characters left out of a file longer than the per-file cap. */
  omittedChars: number;
  /** For an excerpt (a long file and a query): the lines shown, 1-based inclusive ranges, and the file's lines. */
  excerpt?: { shown: Array<[number, number]>; lines: number };
}

export interface FileContext {
  files: ContextFile[];
  /** The repo atlas's map for the query: paths and signatures, most relevant first (empty without a query). */
  map: string;
  /** Wanted but not shown: missing, binary, denied or over the total cap. */
  skipped: Array<{ path: string; reason: string }>;
}

export interface FileContextOptions {
  workspace: string;
  tracked: readonly string[];
  /** Shown first, in this order: files the plan names, the tests of this change… */
  wanted: readonly string[];
  testGlobs: readonly string[];
  deny: readonly string[];
  maxFileChars?: number;
  maxTotalChars?: number;
  /** The plan as text: with it, the repo atlas adds the files and symbols most relevant to it. */
  query?: string;
  /** The repo atlas (loadRepoAtlas), read before any repository code ran; none: no map, no ranked files. */
  atlas?: Atlas | null;
  /** Tokens of the map (default 3000); the files the atlas ranks highest are added up to `atlasFiles` (default 5). */
  mapTokens?: number;
  atlasFiles?: number;
}

async function relevant(opts: FileContextOptions, denied: (p: string) => boolean): Promise<{ ranked: string[]; map: string }> {
  const atlas = opts.atlas;
  if (!opts.query?.trim() || !atlas) return { ranked: [], map: '' };
  const { loadTokenCounter, rankMatched, select } = await import('@eternia/atlas');
  const tracked = new Set(opts.tracked);
  const visible = { ...atlas, files: atlas.files.filter((f) => !denied(f.path) && (tracked.size === 0 || tracked.has(f.path))) };
  // Only files the text reaches: rankFiles lists the rest too (in prior order), which would spend the prompt on guesses.
  const ranked = rankMatched(visible, opts.query)
    .filter((r) => r.file.library)
    .slice(0, opts.atlasFiles ?? 5)
    .map((r) => r.file.path);
  const map = select(visible, opts.query, opts.mapTokens ?? 3000, { countTokens: await loadTokenCounter() }).text;
  return { ranked, map };
}

export const DEFAULT_MAX_FILE_CHARS = 20_000;
export const DEFAULT_MAX_TOTAL_CHARS = 120_000;

export async function collectFileContext(opts: FileContextOptions): Promise<FileContext> {
  const maxFile = opts.maxFileChars ?? DEFAULT_MAX_FILE_CHARS;
  let budget = opts.maxTotalChars ?? DEFAULT_MAX_TOTAL_CHARS;
  const denied = picomatch([...opts.deny], { dot: true, nocase: true });
  const isTest = picomatch([...opts.testGlobs], { dot: true });
  const tests = opts.tracked.filter((p) => isTest(p)).sort();
  const { ranked, map } = await relevant(opts, denied);
  budget -= map.length;
  const order = [...new Set([...opts.wanted.map(normalize).filter((p) => p !== ''), ...ranked, ...tests])];

  const files: ContextFile[] = [];
  const skipped: FileContext['skipped'] = [];
  for (const rel of order) {
    if (rel.startsWith('../') || path.isAbsolute(rel)) {
      skipped.push({ path: rel, reason: 'outside the repository' });
      continue;
    }
    if (denied(rel)) {
      skipped.push({ path: rel, reason: 'denied by policy' });
      continue;
    }
    const abs = path.join(opts.workspace, rel);
    const info = await lstat(abs).catch(() => undefined);
    if (!info?.isFile()) {
      // Symlinks are not followed: one could point at a runner file outside the repository.
      skipped.push({ path: rel, reason: info ? 'not a regular file' : 'does not exist yet' });
      continue;
    }
    const bytes = await readFile(abs);
    if (bytes.subarray(0, 8000).includes(0)) {
      skipped.push({ path: rel, reason: 'binary' });
      continue;
    }
    const text = bytes.toString('utf8');
    const file = await capped(rel, text, maxFile, opts.query);
    if (file.content.length > budget) {
      skipped.push({ path: rel, reason: 'over the size cap of the prompt' });
      continue;
    }
    budget -= file.content.length;
    files.push(file);
  }
  return { files, map, skipped };
}

/** A file within `maxChars`: whole, else an excerpt for the query, else its first characters. */
async function capped(rel: string, text: string, maxChars: number, query: string | undefined): Promise<ContextFile> {
  if (text.length <= maxChars) return { path: rel, content: text, omittedChars: 0 };
  if (query?.trim()) {
    const { excerptFile } = await import('@eternia/atlas');
    const { content, shown, lines, omittedChars } = await excerptFile(rel, text, query, maxChars);
    // No whole line fits (a minified or generated file of one long line): its first characters say more.
    if (shown.length > 0) return { path: rel, content, omittedChars, excerpt: { shown, lines } };
  }
  return { path: rel, content: text.slice(0, maxChars), omittedChars: text.length - maxChars };
}

function describeFile(file: ContextFile): string {
  if (file.excerpt) {
    const ranges = file.excerpt.shown.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join(', ');
    return ` (an excerpt for the plan: lines ${ranges} of ${file.excerpt.lines}; a line "… lines a–b not shown" stands for lines left out and is not in the file)`;
  }
  return file.omittedChars > 0 ? ` (first ${file.content.length} characters; ${file.omittedChars} more not shown)` : '';
}

/** The files the context shows only in part: a whole-file block over one would drop what the model never saw. */
export function shownInPart(context: FileContext): string[] {
  return context.files.filter((file) => file.omittedChars > 0).map((file) => file.path);
}

/** The files as one prompt message, each fenced as untrusted data. */
export function renderFileContext(context: FileContext): string {
  const parts: string[] = [];
  if (context.map) parts.push(fenceUntrusted('repository map: the files and symbols most relevant to the plan', context.map, context.map.length));
  parts.push('Repository files (current content):');
  for (const file of context.files) {
    parts.push(fenceUntrusted(`file ${file.path}${describeFile(file)}`, file.content, Math.max(1, file.content.length)));
  }
  if (context.files.length === 0) parts.push('(no files)');
  if (context.skipped.length > 0) parts.push(`Not shown: ${context.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}.`);
  return parts.join('\n\n');
}

function normalize(p: string): string {
  const rel = p.trim().replace(/\\/g, '/').replace(/^\/+/, '');
  return rel === '' ? '' : path.posix.normalize(rel);
}
