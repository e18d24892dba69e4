/**
 * What every language's extractor makes of a declaration's syntax node: its signature (the declaration up to its
 * body, on one line), the first paragraph of its doc comment, and its symbol entry.
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';

const MAX_SIGNATURE = 200;
/** Lines a signature may span (parameters one per line), before the body starts. */
const MAX_SIGNATURE_LINES = 12;
const MAX_DOC = 200;

export interface Extracted {
  symbols: AtlasSymbol[];
  imports: AtlasImport[];
  doc: string;
}

/**
 * The declaration up to its body, on one line: a signature spread over several lines keeps its parameter names
 * (which retrieval matches and the map shows) instead of stopping at `def render(`.
 */
export function signatureOf(node: Node): string {
  const body = node.childForFieldName('body') ?? node.childForFieldName('declaration')?.childForFieldName('body');
  // A body on the declaration's own line is cut off: `func (c T) Name() string { return c.name }`.
  const text = body && body.startPosition.row === node.startPosition.row ? node.text.slice(0, body.startIndex - node.startIndex) : node.text;
  const lines = text.split('\n', MAX_SIGNATURE_LINES + 1);
  let count = 1;
  if (body && body.startPosition.row > node.startPosition.row) {
    const rows = body.startPosition.row - node.startPosition.row;
    // A Python block starts on the line after the `:`; a body in braces (TS, Go, Rust, Java) starts on the
    // signature's last line.
    count = Math.min(body.type === 'block' && !body.text.startsWith('{') ? rows : rows + 1, MAX_SIGNATURE_LINES);
  }
  const head = lines
    .slice(0, count)
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/([([]) /g, '$1')
    .replace(/,? ([)\]])/g, '$1')
    .trim()
    .replace(/\s*\{\s*\}?$/, '');
  return head.length > MAX_SIGNATURE ? `${head.slice(0, MAX_SIGNATURE - 1)}…` : head;
}

export function cleanDoc(raw: string): string {
  const text = raw
    .replace(/^\/\*\*?|\*\/$/g, '')
    .replace(/^\s*(\*|\/\/[/!]?|#)\s?/gm, '')
    .replace(/^[rRuUbBfF]*("""|'''|"|')|("""|'''|"|')$/g, '')
    .trim();
  const first =
    text
      .split(/\n\s*\n/, 1)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  return first.length > MAX_DOC ? `${first.slice(0, MAX_DOC - 1)}…` : first;
}

export function symbol(node: Node, name: string, kind: string, exported: boolean, doc: string, parent?: string): AtlasSymbol {
  return {
    name: parent ? `${parent}.${name}` : name,
    kind,
    line: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    exported,
    signature: signatureOf(node),
    ...(doc && { doc }),
  };
}

const COMMENT = /comment$/; // comment, line_comment, block_comment

/**
 * The doc of a declaration: the comments right above it, each on the line before the next (Go's and Rust's docs
 * are runs of line comments), passing over what `skip` names (Rust's `#[derive]` between a doc and its item).
 */
export function docAbove(node: Node, isDoc: (comment: string) => boolean = () => true, skip: (sibling: Node) => boolean = () => false): string {
  const comments: string[] = [];
  let below = node.startPosition.row;
  for (let sibling = node.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    if (sibling.endPosition.row < below - 1) break;
    if (skip(sibling)) {
      below = sibling.startPosition.row;
      continue;
    }
    if (!COMMENT.test(sibling.type) || !isDoc(sibling.text)) break;
    comments.unshift(sibling.text);
    below = sibling.startPosition.row;
  }
  return comments.length > 0 ? cleanDoc(comments.join('\n')) : '';
}
