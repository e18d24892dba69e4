/**
 * Symbols and imports of a Rust file: functions, structs (as classes), enums, traits (as interfaces), type aliases,
 * modules, constants, statics and macros, and the methods of `impl` blocks (`Type.method`). Exported means `pub`
 * (not `pub(crate)`); a trait's methods are public wherever the trait is implemented.
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';
import { cleanDoc, docAbove, symbol, type Extracted } from './symbol-text.js';

const KINDS: Record<string, string> = {
  function_item: 'function',
  function_signature_item: 'function',
  struct_item: 'class',
  union_item: 'class',
  enum_item: 'enum',
  trait_item: 'interface',
  type_item: 'type',
  mod_item: 'namespace',
  const_item: 'variable',
  static_item: 'variable',
  macro_definition: 'function',
};

const isDoc = (comment: string): boolean => comment.startsWith('///') || comment.startsWith('/**');
const isAttribute = (node: Node): boolean => node.type === 'attribute_item';

function isPub(node: Node): boolean {
  const visibility = node.namedChildren.find((child) => child?.type === 'visibility_modifier');
  return visibility?.text === 'pub';
}

/** The type an impl block is for: `impl<T> Visit for Wrapper<T>` gives Wrapper. */
function implType(node: Node): string | null {
  let type = node.childForFieldName('type');
  while (type && type.type !== 'type_identifier') type = type.childForFieldName('type') ?? type.childForFieldName('name');
  return type?.text ?? null;
}

function items(container: Node, out: AtlasSymbol[], owner?: { name: string; trait: boolean; traitItems?: boolean }): void {
  for (const node of container.namedChildren) {
    if (!node) continue;
    if (node.type === 'impl_item' && !owner) {
      const name = implType(node);
      const body = node.childForFieldName('body');
      if (name && body) items(body, out, { name, trait: node.childForFieldName('trait') !== null });
      continue;
    }
    const kind = KINDS[node.type];
    const name = node.childForFieldName('name')?.text;
    if (!kind || !name) continue;
    const doc = docAbove(node, isDoc, isAttribute);
    if (owner) {
      if (kind === 'function') out.push(symbol(node, name, 'method', owner.trait || owner.traitItems === true || isPub(node), doc, owner.name));
      continue;
    }
    out.push(symbol(node, name, kind, isPub(node), doc));
    // A trait's own methods are part of it: `Visit.visit`.
    const body = node.childForFieldName('body');
    if (node.type === 'trait_item' && body) items(body, out, { name, trait: false, traitItems: isPub(node) });
  }
}

/** `use a::b::{c, d as e}` as its path (`a::b`) and the names it brings (`c`, `d`). */
function useImport(node: Node): AtlasImport | null {
  const argument = node.childForFieldName('argument');
  if (!argument) return null;
  const line = node.startPosition.row + 1;
  if (argument.type === 'scoped_use_list') {
    const names = (argument.childForFieldName('list')?.namedChildren ?? [])
      .map((item) => (item?.type === 'use_as_clause' ? item.childForFieldName('path') : item)?.text ?? '')
      .filter((name) => name !== '' && name !== 'self');
    return { source: argument.childForFieldName('path')?.text ?? '', names: [...new Set(names)].sort(), line };
  }
  const path = argument.type === 'use_as_clause' ? argument.childForFieldName('path') : argument;
  return path ? { source: path.text, names: [], line } : null;
}

export function extractRust(root: Node): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  items(root, symbols);
  for (const node of root.namedChildren) {
    if (node?.type === 'use_declaration') {
      const found = useImport(node);
      if (found && found.source !== '') imports.push(found);
    }
    // `mod output;` (no body) loads the file of a child module: a reference like a `use` of it.
    const child = node?.type === 'mod_item' && !node.childForFieldName('body') ? node.childForFieldName('name')?.text : undefined;
    if (node && child) imports.push({ source: `self::${child}`, names: [], line: node.startPosition.row + 1 });
  }
  // The crate's or module's own doc: its leading `//!` lines.
  const inner: string[] = [];
  for (const node of root.namedChildren) {
    if (node?.type !== 'line_comment' || !node.text.startsWith('//!')) break;
    inner.push(node.text);
  }
  return { symbols, imports, doc: inner.length > 0 ? cleanDoc(inner.join('\n')) : '' };
}
