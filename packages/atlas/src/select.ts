/**
 * Retrieval: the files and symbols of an atlas most relevant to a text (an issue, a plan), as a ranked list
 * and as a compact map within a token budget. A file's score is BM25F over its path, symbol names,
 * signatures and docs (identifier-aware terms; the text's first line and `code spans` count twice), plus a
 * lighter BM25 over the words of the file's whole text (body-index.ts), plus the exact names the text mentions
 * that the file defines (definitions.ts), times a prior (library code before tests and docs, graph rank,
 * size), plus a share of its best neighbour's score in the reference graph; a declaration (`.d.ts`, types only)
 * never outranks the best implementation the text reaches.
 * Files no term reaches still follow, in prior order: for a vague text the central files are the best guess.
 *
 * The constants were tuned on the history of three projects and checked on three others (npm run bench:atlas).
 */
import { addBodyScores, bodyIndex, type BodyIndex } from './body-index.js';
import { definingFiles, mentionedNames } from './definitions.js';
import { terms } from './tokens.js';
import type { Atlas, AtlasFile, AtlasSymbol } from './schema.js';
import { estimateTokens, type CountTokens } from './token-count.js';

export interface SelectedFile {
  path: string;
  score: number;
  /** The symbols the map shows for this file, most relevant first. */
  symbols: string[];
}

export interface Selection {
  files: SelectedFile[];
  /** The rendered map: each file's path and the signatures of its relevant symbols. */
  text: string;
  tokens: number;
}

export interface SelectOptions {
  countTokens?: CountTokens;
  /** Files ranked (the map shows as many as fit). */
  limit?: number;
}

const FIELD_WEIGHTS = { base: 4, dir: 1.5, symbol: 2.5, signature: 0.7, doc: 1, imports: 0.5 };
const K1 = 1.2;
const B = 0.5;
/** Extra weight of a term in the first line (a title) and in a `code span`, each (a term's weight caps at 3). */
const TITLE_BONUS = 1;
const CODE_BONUS = 1;
/** Prior of tests, docs, examples and scripts against library code. */
const AROUND_PRIOR = 0.3;
/** Larger files change more often: the prior grows with (size / mean size)^0.2, capped at 1.5. */
const SIZE_EXPONENT = 0.2;
/** Share of the best-scoring neighbour (imports either way) added to a file's score. */
const NEIGHBOUR_SHARE = 0.4;
/** Weight of the body terms' BM25 against the names' BM25F: the words a file uses say less than those it defines. */
const BODY_WEIGHT = 0.5;
/** A declaration that outscores every implementation is set to this share of the best one's score. */
const DECLARATION_SHARE = 0.999;
/** Weight of an exact name the text mentions (`Session.get`, `click.core`) in each file defining it. */
const DEFINITION_WEIGHT = 2;
/** Weight of the prior alone, relative to the best lexical score, so unmatched files rank in prior order. */
const PRIOR_SHARE = 0.1;

interface Doc {
  file: AtlasFile;
  tf: Map<string, number>;
  length: number;
}

export interface RetrievalIndex {
  /** One per file, in the atlas's order; the arrays below are indexed the same way. */
  docs: Doc[];
  df: Map<string, number>;
  avgLength: number;
  body: BodyIndex;
  /** Files importing or imported by each file. */
  neighbours: number[][];
  /** Query-independent: library code, graph rank, size. */
  prior: Float64Array;
  bestPrior: number;
  /** Files by prior, best first (ties by path): the order of those a text does not reach. */
  byPrior: number[];
}

const indexes = new WeakMap<Atlas, RetrievalIndex>();

type TermsOf = (text: string) => readonly string[];

/**
 * `terms`, remembered per text: signatures, imports and folder names repeat across files (a node_modules tree has a
 * third as many distinct texts as texts), and tokenising was most of the first query's time.
 */
function memoTerms(): TermsOf {
  const seen = new Map<string, readonly string[]>();
  return (text) => {
    let found = seen.get(text);
    if (found === undefined) seen.set(text, (found = terms(text)));
    return found;
  };
}

/** What addTerms tokenises with: a memo while retrievalIndex builds an index (dropped after), else `terms`. */
let termsOf: TermsOf = terms;

function addTerms(tf: Map<string, number>, text: string, weight: number): number {
  let n = 0;
  for (const term of termsOf(text)) {
    tf.set(term, (tf.get(term) ?? 0) + weight);
    n += weight;
  }
  return n;
}

export function retrievalIndex(atlas: Atlas): RetrievalIndex {
  const cached = indexes.get(atlas);
  if (cached) return cached;
  const docs: Doc[] = [];
  const df = new Map<string, number>();
  let total = 0;
  termsOf = memoTerms();
  for (const file of atlas.files) {
    const tf = new Map<string, number>();
    const slash = file.path.lastIndexOf('/');
    let length = addTerms(tf, file.path.slice(slash + 1), FIELD_WEIGHTS.base);
    length += addTerms(tf, file.path.slice(0, Math.max(0, slash)), FIELD_WEIGHTS.dir);
    for (const symbol of file.symbols) {
      // A method's own name only: `Context.invoke` repeating `Context` for every method would swamp the class.
      const member = symbol.name.slice(symbol.name.lastIndexOf('.') + 1);
      length += addTerms(tf, member, FIELD_WEIGHTS.symbol * (symbol.exported ? 1 : 0.6));
      length += addTerms(tf, symbol.signature, FIELD_WEIGHTS.signature);
      if (symbol.doc) length += addTerms(tf, symbol.doc, FIELD_WEIGHTS.doc);
    }
    if (file.doc) length += addTerms(tf, file.doc, FIELD_WEIGHTS.doc * 2);
    for (const imp of file.imports) length += addTerms(tf, `${imp.source} ${imp.names.join(' ')}`, FIELD_WEIGHTS.imports);
    for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    docs.push({ file, tf, length });
    total += length;
  }
  termsOf = terms;
  const position = new Map(atlas.files.map((f, i) => [f.path, i]));
  const neighbours: number[][] = atlas.files.map(() => []);
  for (const edge of atlas.edges) {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    if (from === undefined || to === undefined) continue;
    neighbours[from]?.push(to);
    neighbours[to]?.push(from);
  }
  const percentile = rankPercentiles(atlas.files);
  const meanSize = Math.max(200, atlas.files.reduce((sum, f) => sum + f.size, 0) / Math.max(1, atlas.files.length));
  const prior = new Float64Array(atlas.files.length);
  let bestPrior = 0;
  atlas.files.forEach((file, i) => {
    const size = Math.min(1.5, (Math.max(file.size, 200) / meanSize) ** SIZE_EXPONENT);
    prior[i] = (file.library ? 1 : AROUND_PRIOR) * (0.8 + 0.4 * (percentile[i] ?? 0)) * size;
    bestPrior = Math.max(bestPrior, prior[i] ?? 0);
  });
  const byPrior = atlas.files.map((_, i) => i).sort((a, b) => (prior[b] ?? 0) - (prior[a] ?? 0) || pathOrder(atlas.files, a, b));
  const avgLength = docs.length ? total / docs.length : 1;
  const index = { docs, df, avgLength, body: bodyIndex(atlas.files), neighbours, prior, bestPrior: bestPrior || 1, byPrior };
  indexes.set(atlas, index);
  return index;
}

function queryWeights(query: string): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const term of terms(text)) weights.set(term, (weights.get(term) ?? 0) + weight);
  };
  add(query, 1);
  add(query.trimStart().split('\n')[0] ?? '', TITLE_BONUS);
  for (const span of query.match(/`[^`\n]+`/g) ?? []) add(span, CODE_BONUS);
  for (const [term, weight] of weights) weights.set(term, Math.min(weight, 3));
  return weights;
}

export interface RankedFile {
  file: AtlasFile;
  score: number;
  /** A term of the text reaches the file or one of its neighbours; otherwise it ranks by its prior alone. */
  matched: boolean;
}

/**
 * Every file, best first (ties by path, so the order is stable): those the text's terms reach by score, then
 * the rest by prior alone.
 */
export function rankFiles(atlas: Atlas, query: string): RankedFile[] {
  const index = retrievalIndex(atlas);
  const queryTerms = queryWeights(query);
  const n = index.docs.length;
  const lexical = new Float64Array(n);
  const hits: number[] = [];
  let bestLexical = 0;
  // What the names' BM25F does not see: the words of the files' bodies and the exact names the text mentions.
  const extra = new Float64Array(n);
  addBodyScores(index.body, queryTerms, BODY_WEIGHT, extra);
  addDefinitionScores(atlas, query, extra);
  index.docs.forEach((doc, i) => {
    let score = extra[i] ?? 0;
    for (const [term, weight] of queryTerms) {
      const tf = doc.tf.get(term);
      if (!tf) continue;
      const df = index.df.get(term) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / index.avgLength))) * weight;
    }
    if (score <= 0) return;
    lexical[i] = score * (index.prior[i] ?? 0);
    bestLexical = Math.max(bestLexical, lexical[i] ?? 0);
    hits.push(i);
  });
  const aloneShare = (PRIOR_SHARE * (bestLexical || 1)) / index.bestPrior;
  const neighbour = new Float64Array(n);
  const reached = new Uint8Array(n);
  const matched: number[] = [];
  const reach = (i: number) => {
    if (reached[i]) return;
    reached[i] = 1;
    matched.push(i);
  };
  for (const i of hits) {
    reach(i);
    for (const other of index.neighbours[i] ?? []) {
      neighbour[other] = Math.max(neighbour[other] ?? 0, lexical[i] ?? 0);
      reach(other);
    }
  }
  const score = (i: number) => (lexical[i] ?? 0) + NEIGHBOUR_SHARE * (neighbour[i] ?? 0) + aloneShare * (index.prior[i] ?? 0);
  const scores = new Float64Array(n);
  for (const i of matched) scores[i] = score(i);
  declarationsAfterCode(atlas.files, matched, scores);
  const before = (a: number, b: number) => (scores[b] ?? 0) - (scores[a] ?? 0) || pathOrder(atlas.files, a, b);
  matched.sort(before);
  // The rest keep the prior's order, computed once per atlas, and merge in: no sort of every file per query.
  const out: RankedFile[] = [];
  const push = (i: number) => out.push({ file: atlas.files[i] as AtlasFile, score: scores[i] ?? 0, matched: reached[i] === 1 });
  let next = 0;
  for (const i of index.byPrior) {
    if (reached[i]) continue;
    scores[i] = aloneShare * (index.prior[i] ?? 0);
    while (next < matched.length && before(matched[next] as number, i) < 0) push(matched[next++] as number);
    push(i);
  }
  while (next < matched.length) push(matched[next++] as number);
  return out;
}

/** Adds, for each name the text mentions that files define, its weight × the name's rarity to those files. */
function addDefinitionScores(atlas: Atlas, query: string, scores: Float64Array): void {
  const names = mentionedNames(query);
  const n = atlas.files.length;
  for (const [name, files] of definingFiles(atlas, names)) {
    const weight = names.get(name) ?? 0;
    const idf = Math.log(1 + (n - files.length + 0.5) / (files.length + 0.5));
    for (const i of files) scores[i] = (scores[i] ?? 0) + DEFINITION_WEIGHT * weight * idf;
  }
}

/**
 * Each file's graph rank as a percentile, 0 to 1. Equal ranks share their group's mean: the many files nothing
 * imports all hold the base rank, and their order in the atlas says nothing.
 */
export function rankPercentiles(files: readonly AtlasFile[]): Float64Array {
  const byRank = files.map((_, i) => i).sort((a, b) => (files[a]?.rank ?? 0) - (files[b]?.rank ?? 0));
  const percentile = new Float64Array(files.length);
  const last = Math.max(1, files.length - 1);
  for (let start = 0; start < byRank.length;) {
    const rank = files[byRank[start] as number]?.rank ?? 0;
    let end = start + 1;
    while (end < byRank.length && (files[byRank[end] as number]?.rank ?? 0) === rank) end++;
    const shared = files.length > 1 ? (start + end - 1) / 2 / last : 0;
    for (let at = start; at < end; at++) percentile[byRank[at] as number] = shared;
    start = end;
  }
  return percentile;
}

/** A declaration file (`.d.ts`, `.pyi`) or a module of nothing but types and interfaces. */
export function isDeclaration(file: AtlasFile): boolean {
  if (/\.d\.[cm]?ts$|\.pyi$/.test(file.path)) return true;
  return file.symbols.length > 0 && file.symbols.every((s) => s.kind === 'type' || s.kind === 'interface');
}

/**
 * A declaration the text matches better than any implementation ranks just after the best one: a change starts
 * in the code that runs, while types and declarations restate its API and docs (and so often match more words).
 * Only the first place moves: the declaration stays near the top, as it often changes too.
 */
function declarationsAfterCode(files: readonly AtlasFile[], matched: readonly number[], scores: Float64Array): void {
  let bestCode = 0;
  for (const i of matched) if (files[i]?.library && !isDeclaration(files[i] as AtlasFile)) bestCode = Math.max(bestCode, scores[i] ?? 0);
  if (bestCode <= 0) return;
  for (const i of matched)
    if ((scores[i] ?? 0) >= bestCode && files[i]?.library && isDeclaration(files[i] as AtlasFile)) scores[i] = bestCode * DECLARATION_SHARE;
}

function pathOrder(files: AtlasFile[], a: number, b: number): number {
  return (files[a]?.path ?? '') < (files[b]?.path ?? '') ? -1 : 1;
}

function symbolScore(symbol: AtlasSymbol, queryTerms: Set<string>): number {
  let score = 0;
  for (const term of terms(`${symbol.name} ${symbol.doc ?? ''}`)) if (queryTerms.has(term)) score += 1;
  return score + (symbol.exported ? 0.1 : 0);
}

function renderSymbol(symbol: AtlasSymbol): string {
  const indent = symbol.name.includes('.') ? '    ' : '  ';
  return `${indent}${symbol.line}: ${symbol.signature}\n`;
}

/** The most relevant files and symbols, rendered within `tokenBudget` tokens (only files the text reaches). */
export function select(atlas: Atlas, query: string, tokenBudget: number, options: SelectOptions = {}): Selection {
  const count = options.countTokens ?? estimateTokens;
  const queryTerms = new Set(terms(query));
  // The map shows what the text reaches: central files it does not name would read as relevant and are not.
  const ranked = rankFiles(atlas, query)
    .filter((r) => r.matched)
    .slice(0, options.limit ?? 200);
  const pieces: Array<{ text: string; file: number; symbol?: string }> = [];
  const files: SelectedFile[] = [];
  let used = 0;
  for (const { file, score } of ranked) {
    const header = `${file.path}${file.owners.length ? ` (${file.owners.join(' ')})` : ''}\n`;
    const headerTokens = count(header);
    if (used + headerTokens > tokenBudget) break;
    used += headerTokens;
    pieces.push({ text: header, file: files.length });
    const shown: string[] = [];
    const symbols = [...file.symbols]
      .map((symbol) => ({ symbol, relevance: symbolScore(symbol, queryTerms) }))
      .filter(({ symbol, relevance }) => relevance >= 1 || symbol.exported)
      .sort((a, b) => b.relevance - a.relevance || a.symbol.line - b.symbol.line);
    for (const { symbol } of symbols) {
      const line = renderSymbol(symbol);
      const tokens = count(line);
      if (used + tokens > tokenBudget) break;
      used += tokens;
      pieces.push({ text: line, file: files.length, symbol: symbol.name });
      shown.push(symbol.name);
    }
    files.push({ path: file.path, score: Math.round(score * 1000) / 1000, symbols: shown });
  }
  let text = pieces.map((p) => p.text).join('');
  // Counted piece by piece above; the whole is counted once more, and trimmed if the pieces' sum was short.
  let tokens = count(text);
  while (tokens > tokenBudget && pieces.length > 0) {
    const dropped = pieces.pop() as (typeof pieces)[number];
    const owner = files[dropped.file] as SelectedFile;
    if (dropped.symbol === undefined) files.length = dropped.file;
    else owner.symbols = owner.symbols.filter((name) => name !== dropped.symbol);
    text = pieces.map((p) => p.text).join('');
    tokens = count(text);
  }
  return { files, text, tokens };
}
