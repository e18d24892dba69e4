/**
 * The explicit whole-file block format, for new or small files, where a diff is more error-prone than
 * the content itself:
 *
 *     *** Begin File: path/to/file
 *     …every line of the new content, verbatim…
 *     *** End File
 *
 * The block replaces the file's whole content (creating it when absent). Lines inside are taken
 * literally, markdown fences included.
 */
export const WHOLE_FILE_BEGIN = /^\*\*\* Begin File: (.+?)\s*$/;
export const WHOLE_FILE_END = /^\*\*\* End File\s*$/;

/** A short description of the format, for prompts. */
export const WHOLE_FILE_FORMAT_HELP = [
  'To create a file or replace a small file entirely, send a whole-file block instead of a diff:',
  '*** Begin File: path/relative/to/repo',
  '<the complete new content, every line>',
  '*** End File',
].join('\n');

export interface WholeFileBlock {
  path: string;
  lines: string[];
  /** 0-based line of the begin marker. */
  line: number;
}

/** Reads a block starting at `start` (the begin marker). Returns undefined when the end marker is missing. */
export function readWholeFileBlock(lines: readonly string[], start: number): { block: WholeFileBlock; next: number } | undefined {
  const m = WHOLE_FILE_BEGIN.exec(lines[start] ?? '');
  if (!m?.[1]) return undefined;
  for (let i = start + 1; i < lines.length; i++) {
    if (WHOLE_FILE_END.test(lines[i] ?? '')) {
      return { block: { path: m[1], lines: lines.slice(start + 1, i), line: start }, next: i + 1 };
    }
  }
  return undefined;
}
