/**
 * Symbols and imports of a Java file: classes, interfaces, enums, records and annotation types, with their
 * methods and constructors (`Class.method`) and the types nested in them (`Outer.Inner`). Exported means `public`
 * (an interface's members are public unless private).
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';
import { docAbove, symbol, type Extracted } from './symbol-text.js';

const TYPES: Record<string, string> = {
  class_declaration: 'class',
  record_declaration: 'class',
  enum_declaration: 'enum',
  interface_declaration: 'interface',
  annotation_type_declaration: 'interface',
};
const MEMBERS = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'annotation_type_element_declaration']);

const isDoc = (comment: string): boolean => comment.startsWith('/**');

function modifiers(node: Node): string {
  return node.namedChildren.find((child) => child?.type === 'modifiers')?.text ?? '';
}

function hasModifier(node: Node, word: string): boolean {
  return modifiers(node).split(/\s+/).includes(word);
}

function typeMembers(node: Node, name: string, exported: boolean, inInterface: boolean, out: AtlasSymbol[]): void {
  for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
    if (!member) continue;
    const memberName = member.childForFieldName('name')?.text;
    if (!memberName) continue;
    const visible = exported && (hasModifier(member, 'public') || (inInterface && !hasModifier(member, 'private')));
    if (MEMBERS.has(member.type)) out.push(symbol(member, memberName, 'method', visible, docAbove(member, isDoc), name));
    else if (TYPES[member.type]) {
      // A nested type by its full name, its own members under it.
      const nested = `${name}.${memberName}`;
      out.push(symbol(member, nested, TYPES[member.type] as string, visible, docAbove(member, isDoc)));
      typeMembers(member, nested, visible, member.type === 'interface_declaration' || member.type === 'annotation_type_declaration', out);
    }
  }
}

export function extractJava(root: Node): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  let typeDoc = '';
  for (const node of root.namedChildren) {
    if (!node) continue;
    const kind = TYPES[node.type];
    const name = node.childForFieldName('name')?.text;
    if (kind && name) {
      const exported = hasModifier(node, 'public');
      const doc = docAbove(node, isDoc);
      typeDoc ||= doc;
      symbols.push(symbol(node, name, kind, exported, doc));
      typeMembers(node, name, exported, kind === 'interface', symbols);
    } else if (node.type === 'import_declaration') {
      // `import com.x.Y;`, `import static com.x.Y.method;`, `import com.x.*;`: the dotted name as written.
      const target = node.namedChildren.find((child) => child?.type === 'scoped_identifier' || child?.type === 'identifier');
      const wildcard = node.namedChildren.some((child) => child?.type === 'asterisk');
      // The name it brings is its last part (`Strings`, `notNull`); a wildcard names none.
      const name = wildcard ? [] : [target?.text.slice(target.text.lastIndexOf('.') + 1) ?? ''];
      if (target) imports.push({ source: wildcard ? `${target.text}.*` : target.text, names: name, line: node.startPosition.row + 1 });
    }
  }
  // The file's doc: its package's (rare outside package-info.java), else its first type's.
  const packageNode = root.namedChildren.find((child) => child?.type === 'package_declaration');
  return { symbols, imports, doc: (packageNode ? docAbove(packageNode, isDoc) : '') || typeDoc };
}
