/** Public result and policy types of the patch engine, plus the parsed form of a patch. */

export interface PatchPolicy {
  /** Globs a touched path must match (at least one). */
  allow: string[];
  /** Globs no touched path may match. Always merged with DEFAULT_DENY. Matched case-insensitively. */
  deny: string[];
  /** When set, every touched path must match one of these globs (the test author's mode). */
  testsOnly?: string[];
  /** Added plus removed lines over the whole patch. */
  maxChangedLines?: number;
  /** Files touched by the patch. */
  maxFiles?: number;
  /** Removed lines over the whole patch, including deleted files. */
  maxDeletedLines?: number;
  /** Files deleted by the patch. */
  maxDeletedFiles?: number;
  /**
   * Existing files the model was shown only in part (an excerpt, or its first characters): a whole-file block
   * over one is refused, as it would drop the lines the model never saw. Exact paths, relative to the root.
   */
  shownInPart?: string[];
}

export type RefusalReason =
  | 'not-found'
  | 'ambiguous'
  | 'denied-path'
  | 'outside-workspace'
  | 'too-large'
  | 'mass-deletion'
  | 'binary'
  | 'parse-error'
  | 'tests-only'
  | 'missing-file'
  | 'file-exists'
  | 'shown-in-part';

export interface Refusal {
  file?: string;
  /** 1-based hunk number within its file section. */
  hunk?: number;
  reason: RefusalReason;
  message: string;
  /** 1-based start lines where an ambiguous hunk's old lines occur. */
  candidates?: number[];
  /** The region of the file that looks most like the hunk's old lines (1-based start line). */
  closest?: { startLine: number; text: string };
}

/** How a hunk was placed, from the strictest to the most tolerant. */
export type Strategy =
  'exact' | 'offset' | 'line-number-free' | 'trailing-whitespace' | 'whitespace' | 'elided-gap' | 'stated-line' | 'new-file' | 'whole-file';

export type FileAction = 'modify' | 'create' | 'delete' | 'rename';

export interface AppliedHunk {
  index: number;
  strategy: Strategy;
  /** 1-based line of the original file where the hunk's old lines start. */
  atLine: number;
}

export interface AppliedFile {
  path: string;
  action: FileAction;
  /** The previous path of a renamed file. */
  from?: string;
  hunks: AppliedHunk[];
  added: number;
  removed: number;
}

export type PatchReport = { ok: true; checked: boolean; files: AppliedFile[] } | { ok: false; refusals: Refusal[] };

// ---- parsed patch ----------------------------------------------------------------------------

export interface HunkLine {
  kind: 'context' | 'remove' | 'add';
  text: string;
  /** Followed by "\ No newline at end of file". */
  noNewline?: boolean;
  /** A context line written without its leading space: a blank line, or an unprefixed one. */
  soft?: 'blank' | 'unprefixed';
  /** A context line that may stand for omitted lines (`...`). */
  elidable?: boolean;
}

export interface Hunk {
  /** 1-based within its file section. */
  index: number;
  header: string;
  oldStart?: number;
  oldCount?: number;
  newStart?: number;
  newCount?: number;
  lines: HunkLine[];
}

export interface FilePatch {
  /** Raw paths as written (after unquoting, without timestamps); null means /dev/null. undefined means absent. */
  oldPath?: string | null;
  newPath?: string | null;
  /** Paths from a `diff --git a/x b/y` line, when present. */
  gitOld?: string;
  gitNew?: string;
  newFile: boolean;
  deletedFile: boolean;
  renameFrom?: string;
  renameTo?: string;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  hunks: Hunk[];
  /** Set for a whole-file block: the file's complete new content (lines, without line ends). */
  wholeFile?: string[];
  /** 1-based line in the (unwrapped) patch text where this section starts, for messages. */
  line: number;
}
