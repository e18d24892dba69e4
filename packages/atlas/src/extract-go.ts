/**
 * Symbols and imports of a Go file: functions, methods (`Type.Method`, by their receiver's type), types (a struct
 * as a class), constants and variables. Exported is Go's rule: the name starts with a capital letter.
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';
import { docAbove, symbol, type Extracted } from './symbol-text.js';

const isExported = (name: string): boolean => /^\p{Lu}/u.test(name);

/** The receiver's type name: `c *Command` and `c Generic[T]` give Command and Generic. */
function receiverType(node: Node): string | null {
  const type = node.childForFieldName('receiver')?.firstNamedChild?.childForFieldName('type');
  let inner: Node | null | undefined = type;
  while (inner && inner.type !== 'type_identifier') inner = inner.type === 'pointer_type' ? inner.firstNamedChild : inner.childForFieldName('type');
  return inner?.text ?? null;
}

function typeKind(spec: Node): string {
  const type = spec.childForFieldName('type')?.type;
  return type === 'struct_type' ? 'class' : type === 'interface_type' ? 'interface' : 'type';
}

export function extractGo(root: Node): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  let doc = '';
  for (const node of root.namedChildren) {
    if (!node) continue;
    if (node.type === 'package_clause') doc = docAbove(node);
    else if (node.type === 'function_declaration' || node.type === 'method_declaration') {
      const name = node.childForFieldName('name')?.text;
      if (!name) continue;
      const owner = node.type === 'method_declaration' ? receiverType(node) : null;
      symbols.push(symbol(node, name, owner ? 'method' : 'function', isExported(name), docAbove(node), owner ?? undefined));
    } else if (node.type === 'type_declaration') {
      const above = docAbove(node);
      for (const spec of node.namedChildren) {
        const name = spec?.childForFieldName('name')?.text;
        if (!spec || !name || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
        // In `type ( A struct{}; B int )` each spec is its own symbol; a lone spec reads with its `type` keyword.
        symbols.push(symbol(node.namedChildren.length === 1 ? node : spec, name, typeKind(spec), isExported(name), docAbove(spec) || above));
      }
    } else if (node.type === 'const_declaration' || node.type === 'var_declaration') {
      const above = docAbove(node);
      // A lone spec reads with its keyword (`const Version = "1"`), as a lone type spec does.
      const lone = node.namedChildren.length === 1;
      for (const spec of node.namedChildren) {
        if (!spec || (spec.type !== 'const_spec' && spec.type !== 'var_spec')) continue;
        for (const nameNode of spec.childrenForFieldName('name'))
          if (nameNode?.type === 'identifier')
            symbols.push(symbol(lone ? node : spec, nameNode.text, 'variable', isExported(nameNode.text), docAbove(spec) || above));
      }
    } else if (node.type === 'import_declaration') {
      for (const spec of node.descendantsOfType('import_spec')) {
        const path = spec?.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '');
        if (spec && path) imports.push({ source: path, names: [], line: spec.startPosition.row + 1 });
      }
    }
  }
  return { symbols, imports, doc };
}
