/**
 * A large diff is reviewed in several model calls: files are packed into chunks under a token budget, a file
 * too large for one chunk is split between hunks, and a hunk too large for one between lines. Every line of the
 * diff is in exactly one chunk: nothing is dropped, and a diff with files in it never yields an empty chunk.
 */
import type { DiffFile, DiffLine } from './diff-files.js';

/** The same rough rule as the model client's budget check: about four characters a token. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export interface DiffPiece {
  path: string;
  status: DiffFile['status'];
  /** "part 2 of 3" when the file was split; null when whole. */
  part: { index: number; of: number } | null;
  text: string;
}

export interface DiffChunk {
  pieces: DiffPiece[];
  tokens: number;
}

function renderLine(l: DiffLine): string {
  return `${String(l.newLine ?? '').padStart(5)} ${l.kind} ${l.text}`;
}

/** The file's lines as the reviewer sees them: head line number, +/-/space, text; hunks split to fit `budget`. */
function fileSegments(file: DiffFile, budget: number): string[] {
  if (file.binary) return ['(binary file: no text to review)'];
  if (file.hunks.length === 0) return [file.status === 'renamed' ? '(renamed without changes)' : '(no text changes)'];
  const segments: string[] = [];
  for (const hunk of file.hunks) {
    let current = [hunk.header];
    let size = hunk.header.length + 1;
    for (const line of hunk.lines) {
      const rendered = renderLine(line);
      if (size + rendered.length + 1 > budget * 4 && current.length > 1) {
        segments.push(current.join('\n'));
        current = [`${hunk.header} (continued)`];
        size = current[0]!.length + 1;
      }
      current.push(rendered);
      size += rendered.length + 1;
    }
    segments.push(current.join('\n'));
  }
  return segments;
}

const pieceHeader = (file: DiffFile, part: DiffPiece['part']) =>
  `### ${file.path} (${file.status}${part ? `, part ${part.index} of ${part.of}` : ''})`;

export function chunkDiff(files: DiffFile[], budgetTokens: number): DiffChunk[] {
  if (!Number.isInteger(budgetTokens) || budgetTokens < 200) throw new RangeError(`chunkDiff: a budget of ${budgetTokens} tokens is too small`);
  const chunks: DiffChunk[] = [];
  let current: DiffChunk = { pieces: [], tokens: 0 };
  const push = (piece: DiffPiece) => {
    const tokens = estimateTokens(piece.text);
    if (current.pieces.length > 0 && current.tokens + tokens > budgetTokens) {
      chunks.push(current);
      current = { pieces: [], tokens: 0 };
    }
    current.pieces.push(piece);
    current.tokens += tokens;
  };
  for (const file of files) {
    // Room for the header line: segments are cut a little under the budget.
    const segments = fileSegments(file, budgetTokens - 50);
    const whole = `${pieceHeader(file, null)}\n${segments.join('\n')}`;
    if (estimateTokens(whole) <= budgetTokens) {
      push({ path: file.path, status: file.status, part: null, text: whole });
      continue;
    }
    // Too large for one chunk: consecutive segments grouped under the budget, each a part of the file.
    const groups: string[][] = [];
    let group: string[] = [];
    let size = 0;
    for (const s of segments) {
      if (group.length > 0 && size + s.length + 1 > (budgetTokens - 50) * 4) {
        groups.push(group);
        group = [];
        size = 0;
      }
      group.push(s);
      size += s.length + 1;
    }
    groups.push(group);
    groups.forEach((g, i) => {
      const part = { index: i + 1, of: groups.length };
      push({ path: file.path, status: file.status, part, text: `${pieceHeader(file, part)}\n${g.join('\n')}` });
    });
  }
  if (current.pieces.length > 0) chunks.push(current);
  return chunks;
}
