/**
 * Symbols and imports of a C# file: classes, structs and records (as classes), interfaces, enums and delegates,
 * in namespaces or not, with their methods, constructors and properties (`Type.Member`) and nested types
 * (`Outer.Inner`). Exported means `public`; an interface's members are public. `using` directives are the imports.
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';
import { docAbove, symbol, type Extracted } from './symbol-text.js';

const TYPES: Record<string, string> = {
  class_declaration: 'class',
  struct_declaration: 'class',
  record_declaration: 'class',
  record_struct_declaration: 'class',
  interface_declaration: 'interface',
  enum_declaration: 'enum',
  delegate_declaration: 'type',
};
const MEMBERS: Record<string, string> = {
  method_declaration: 'method',
  constructor_declaration: 'method',
  property_declaration: 'variable',
  event_declaration: 'variable',
};

const isDoc = (comment: string): boolean => comment.startsWith('///') || comment.startsWith('/**');

/** A doc comment without its XML tags: `<summary>An order.</summary>` reads `An order.`. */
function docOf(node: Node): string {
  return docAbove(node, isDoc)
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const isPublic = (node: Node): boolean => node.namedChildren.some((child) => child?.type === 'modifier' && child.text === 'public');

function typeMembers(node: Node, name: string, exported: boolean, inInterface: boolean, out: AtlasSymbol[]): void {
  for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
    const memberName = member?.childForFieldName('name')?.text;
    if (!member || !memberName) continue;
    const visible = exported && (inInterface || isPublic(member));
    const kind = MEMBERS[member.type];
    if (kind) out.push(symbol(member, memberName, kind, visible, docOf(member), name));
    else if (TYPES[member.type]) {
      const nested = `${name}.${memberName}`;
      out.push(symbol(member, nested, TYPES[member.type] as string, visible, docOf(member)));
      typeMembers(member, nested, visible, member.type === 'interface_declaration', out);
    }
  }
}

function declarations(container: Node, symbols: AtlasSymbol[], imports: AtlasImport[]): void {
  for (const node of container.namedChildren) {
    if (!node) continue;
    if (node.type === 'namespace_declaration' || node.type === 'file_scoped_namespace_declaration') {
      declarations(node.childForFieldName('body') ?? node, symbols, imports);
      continue;
    }
    if (node.type === 'using_directive') {
      // `using A.B;`, `using static A.B;`, `using Json = A.B;`: the namespace or type as written.
      const target = node.namedChildren.filter((child) => child?.type === 'qualified_name' || child?.type === 'identifier').pop();
      if (target) imports.push({ source: target.text, names: [], line: node.startPosition.row + 1 });
      continue;
    }
    const kind = TYPES[node.type];
    const name = node.childForFieldName('name')?.text;
    if (!kind || !name) continue;
    const exported = isPublic(node);
    symbols.push(symbol(node, name, kind, exported, docOf(node)));
    typeMembers(node, name, exported, node.type === 'interface_declaration', symbols);
  }
}

export function extractCSharp(root: Node): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  declarations(root, symbols, imports);
  return { symbols, imports, doc: symbols.find((s) => !s.name.includes('.'))?.doc ?? '' };
}
