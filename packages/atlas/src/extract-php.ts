/**
 * Symbols and imports of a PHP file: classes, interfaces, traits (as interfaces) and enums with their methods
 * (`Class.method`), functions and constants. Exported means public: a method without `private` or `protected`.
 * `use` declarations are the imports, each as its fully qualified name (`App\Models\User`).
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';
import { docAbove, symbol, type Extracted } from './symbol-text.js';

const TYPES: Record<string, string> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  trait_declaration: 'interface',
  enum_declaration: 'enum',
};

const isDoc = (comment: string): boolean => comment.startsWith('/**');

function isPublic(node: Node): boolean {
  const visibility = node.namedChildren.find((child) => child?.type === 'visibility_modifier')?.text;
  return visibility === undefined || visibility === 'public';
}

function uses(node: Node, line: number, out: AtlasImport[]): void {
  // `use A\B\{C, D as E};`: the group's prefix joined to each name.
  const group = node.namedChildren.find((child) => child?.type === 'namespace_use_group');
  const prefix = node.namedChildren.find((child) => child?.type === 'namespace_name')?.text;
  if (group && prefix) {
    for (const clause of group.namedChildren) {
      const name = clause?.namedChildren.find((child) => child?.type === 'namespace_name' || child?.type === 'name')?.text;
      if (name) out.push({ source: `${prefix}\\${name}`, names: [name.slice(name.lastIndexOf('\\') + 1)], line });
    }
    return;
  }
  for (const clause of node.namedChildren) {
    const name =
      clause?.type === 'namespace_use_clause'
        ? clause.namedChildren.find((child) => child?.type === 'qualified_name' || child?.type === 'name')
        : null;
    if (name) out.push({ source: name.text.replace(/^\\/, ''), names: [name.text.slice(name.text.lastIndexOf('\\') + 1)], line });
  }
}

function declarations(container: Node, symbols: AtlasSymbol[], imports: AtlasImport[]): void {
  for (const node of container.namedChildren) {
    if (!node) continue;
    const name = node.childForFieldName('name')?.text;
    const kind = TYPES[node.type];
    if (node.type === 'namespace_definition') {
      const body = node.childForFieldName('body');
      if (body) declarations(body, symbols, imports);
    } else if (node.type === 'namespace_use_declaration') uses(node, node.startPosition.row + 1, imports);
    else if (kind && name) {
      symbols.push(symbol(node, name, kind, true, docAbove(node, isDoc)));
      for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
        const memberName = member?.type === 'method_declaration' ? member.childForFieldName('name')?.text : undefined;
        if (member && memberName) symbols.push(symbol(member, memberName, 'method', isPublic(member), docAbove(member, isDoc), name));
      }
    } else if (node.type === 'function_definition' && name) symbols.push(symbol(node, name, 'function', true, docAbove(node, isDoc)));
    else if (node.type === 'const_declaration')
      for (const element of node.namedChildren) {
        const constName = element?.type === 'const_element' ? element.namedChildren.find((child) => child?.type === 'name')?.text : undefined;
        if (element && constName) symbols.push(symbol(node, constName, 'variable', true, docAbove(node, isDoc)));
      }
  }
}

export function extractPhp(root: Node): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  declarations(root, symbols, imports);
  return { symbols, imports, doc: symbols.find((s) => !s.name.includes('.'))?.doc ?? '' };
}
