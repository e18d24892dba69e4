/**
 * Retrieval: the files and symbols of an atlas most relevant to a text (an issue, a plan), as a ranked list
 * and as a compact map within a token budget. A file's score is BM25F over its path, symbol names,
 * signatures and docs (identifier-aware terms; the text's first line and `code spans` count twice), plus a
 * lighter BM25 over the words of the file's whole text (body-terms.ts, term-index.ts), plus the exact names the text mentions
 * that the file defines (definitions.ts), times a prior (library code before tests and docs, graph rank,
 * size; a text that names a file's kind, `fix(examples): …`, weighs it as library code), plus a share of its best
 * neighbour's score in the reference graph; a declaration (`.d.ts`, types only)
 * never outranks the best implementation the text reaches.
 * Files no term reaches still follow, in prior order: for a vague text the central files are the best guess.
 *
 * The constants were tuned on the history of three projects and checked on three others (npm run bench:atlas).
 */
import { bm25Idf } from './bm25.js';
import { definingFiles, mentionedNames } from './definitions.js';
import { symbolHeads } from './entry-text.js';
import { aroundKind } from './library.js';
import { memoTerms, nameTerms } from './name-terms.js';
import { queryWeights } from './query-weights.js';
import { terms } from './tokens.js';
import type { Atlas, AtlasFile, AtlasSymbol } from './schema.js';
import { addTermScores, termIndex, type TermIndex } from './term-index.js';
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

/** Length normalisation of the names' BM25F (name-terms.ts holds the fields' weights). */
const NAMES_B = 0.5;
/** Full length normalisation of the body terms: a long file's body holds many words by size alone. */
const BODY_B = 1;
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

export interface RetrievalIndex {
  /** Name terms (name-terms.ts) and body terms (body-terms.ts), one field per file in the atlas's order. */
  names: TermIndex;
  body: TermIndex;
  /** Files importing or imported by each file. */
  neighbours: number[][];
  /** Query-independent: library code, graph rank, size. */
  prior: Float64Array;
  bestPrior: number;
  /** Files by prior, best first (ties by path): the order of those a text does not reach; made when first asked. */
  byPrior?: number[];
}

const indexes = new WeakMap<Atlas, RetrievalIndex>();

/**
 * What every query needs, once per atlas. The fields come from the atlas as stored; only an atlas written before
 * files carried their name terms has them computed here (tokenising every signature: seconds on a large tree).
 */
export function retrievalIndex(atlas: Atlas): RetrievalIndex {
  const cached = indexes.get(atlas);
  if (cached) return cached;
  const termsOf = memoTerms();
  const names = termIndex(atlas.files.map((file) => file.names ?? nameTerms(file, termsOf)));
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
  const body = termIndex(atlas.files.map((file) => file.terms ?? ''));
  const index: RetrievalIndex = { names, body, neighbours, prior, bestPrior: bestPrior || 1 };
  indexes.set(atlas, index);
  return index;
}

function byPriorOf(atlas: Atlas, index: RetrievalIndex): number[] {
  index.byPrior ??= atlas.files.map((_, i) => i).sort((a, b) => (index.prior[b] ?? 0) - (index.prior[a] ?? 0) || pathOrder(atlas.files, a, b));
  return index.byPrior;
}

export interface RankedFile {
  file: AtlasFile;
  score: number;
  /** A term of the text reaches the file or one of its neighbours; otherwise it ranks by its prior alone. */
  matched: boolean;
}

interface Scored {
  /** The files the text's terms reach, or a neighbour of such a file, best first (ties by path). */
  matched: number[];
  scores: Float64Array;
  reached: Uint8Array;
  /** The score of a file by its prior alone, per unit of prior. */
  aloneShare: number;
}

/** Scores the files a text reaches: names' BM25F, body BM25 and exact names, times the prior, plus neighbours. */
function scoreFiles(atlas: Atlas, index: RetrievalIndex, query: string): Scored {
  const queryTerms = queryWeights(query);
  const n = atlas.files.length;
  const lexical = new Float64Array(n);
  addTermScores(index.names, queryTerms, NAMES_B, 1, lexical);
  // What the names' BM25F does not see: the words of the files' bodies and the exact names the text mentions.
  addTermScores(index.body, queryTerms, BODY_B, BODY_WEIGHT, lexical);
  addDefinitionScores(atlas, query, lexical);
  const hits: number[] = [];
  let bestLexical = 0;
  for (let i = 0; i < n; i++) {
    if (!((lexical[i] ?? 0) > 0)) continue;
    lexical[i] = (lexical[i] ?? 0) * (index.prior[i] ?? 0) * (namesKind(atlas.files[i] as AtlasFile, queryTerms) ? 1 / AROUND_PRIOR : 1);
    bestLexical = Math.max(bestLexical, lexical[i] ?? 0);
    hits.push(i);
  }
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
  const scores = new Float64Array(n);
  for (const i of matched) scores[i] = (lexical[i] ?? 0) + NEIGHBOUR_SHARE * (neighbour[i] ?? 0) + aloneShare * (index.prior[i] ?? 0);
  declarationsAfterCode(atlas.files, matched, scores);
  matched.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || pathOrder(atlas.files, a, b));
  return { matched, scores, reached, aloneShare };
}

/** The text names the kind of this file that is not library code (`fix(examples): …`): it weighs as library code. */
function namesKind(file: AtlasFile, queryTerms: ReadonlyMap<string, number>): boolean {
  if (file.library) return false;
  const kind = aroundKind(file.path, file.language);
  return kind !== null && terms(kind).some((term) => queryTerms.has(term));
}

/** The files a text reaches (its terms, or a neighbour's), best first: rankFiles without the files that follow. */
export function rankMatched(atlas: Atlas, query: string): RankedFile[] {
  const { matched, scores } = scoreFiles(atlas, retrievalIndex(atlas), query);
  return matched.map((i) => ({ file: atlas.files[i] as AtlasFile, score: scores[i] ?? 0, matched: true }));
}

/**
 * Every file, best first (ties by path, so the order is stable): those the text's terms reach by score, then
 * the rest by prior alone.
 */
export function rankFiles(atlas: Atlas, query: string): RankedFile[] {
  const index = retrievalIndex(atlas);
  const { matched, scores, reached, aloneShare } = scoreFiles(atlas, index, query);
  const before = (a: number, b: number) => (scores[b] ?? 0) - (scores[a] ?? 0) || pathOrder(atlas.files, a, b);
  // The rest keep the prior's order, computed once per atlas, and merge in: no sort of every file per query.
  const out: RankedFile[] = [];
  const push = (i: number) => out.push({ file: atlas.files[i] as AtlasFile, score: scores[i] ?? 0, matched: reached[i] === 1 });
  let next = 0;
  for (const i of byPriorOf(atlas, index)) {
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
    const idf = bm25Idf(n, files.length);
    for (const i of files) scores[i] = (scores[i] ?? 0) + DEFINITION_WEIGHT * weight * idf;
  }
}

/**
 * Each file's graph rank as a percentile, 0 to 1. Equal ranks share their group's mean: the many files nothing
 * imports all hold the base rank, and their order in the atlas says nothing.
 */
export function rankPercentiles(files: readonly AtlasFile[]): Float64Array {
  // A typed array sorts numbers natively; each file then finds its group's bounds by binary search.
  const sorted = Float64Array.from(files, (file) => file.rank ?? 0).sort();
  const percentile = new Float64Array(files.length);
  if (files.length < 2) return percentile;
  const last = files.length - 1;
  files.forEach((file, i) => {
    const rank = file.rank ?? 0;
    const start = firstPassing(sorted, (x) => x >= rank);
    const end = firstPassing(sorted, (x) => x > rank);
    percentile[i] = (start + end - 1) / 2 / last;
  });
  return percentile;
}

/** The first position in ascending `sorted` whose value passes `passes` (monotone), or its length. */
function firstPassing(sorted: Float64Array, passes: (x: number) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (passes(sorted[mid] as number)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** A declaration file (`.d.ts`, `.pyi`) or a module of nothing but types and interfaces. */
export function isDeclaration(file: AtlasFile): boolean {
  if (/\.d\.[cm]?ts$|\.pyi$/.test(file.path)) return true;
  const symbols = symbolHeads(file);
  return symbols.length > 0 && symbols.every((s) => s.kind === 'type' || s.kind === 'interface');
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
  const ranked = rankMatched(atlas, query).slice(0, options.limit ?? 200);
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
