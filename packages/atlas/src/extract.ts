/**
 * Symbols and imports of one TS/JS or Python file, read from its tree-sitter syntax tree: top-level
 * declarations and class members, each with its line range, whether it is exported, its first line as the
 * signature and the first line of its doc comment or docstring.
 */
import type { Node } from 'web-tree-sitter';
import type { AtlasImport, AtlasSymbol } from './schema.js';
import { cleanDoc, signatureOf, symbol, type Extracted } from './symbol-text.js';

export type { Extracted } from './symbol-text.js';

function stringValue(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === 'string' || node.type === 'template_string') {
    const raw = node.text;
    return raw.length >= 2 ? raw.slice(1, -1) : null;
  }
  return null;
}

// ---- TypeScript / JavaScript ----

function jsDocBefore(node: Node): string {
  const prev = node.previousNamedSibling;
  if (prev?.type === 'comment' && prev.endPosition.row >= node.startPosition.row - 1) return cleanDoc(prev.text);
  return '';
}

const TS_DECLARATIONS: Record<string, string> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  function_signature: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
  internal_module: 'namespace',
  module: 'namespace',
};

function tsDeclaration(node: Node, exported: boolean, doc: string, out: AtlasSymbol[]): void {
  if (node.type === 'ambient_declaration') {
    // `declare class X`, `declare function f()`…: the hand-written typings of a JavaScript library are made of them.
    const before = out.length;
    for (const child of node.namedChildren) if (child) tsDeclaration(child, exported, doc, out);
    for (const s of out.slice(before)) if (s.kind !== 'method' && s.line === node.startPosition.row + 1) s.signature = signatureOf(node);
    return;
  }
  const kind = TS_DECLARATIONS[node.type];
  if (kind) {
    const name = node.childForFieldName('name')?.text;
    if (!name) return;
    out.push(symbol(node, name, kind, exported, doc));
    if (kind === 'class') tsClassMembers(node, name, exported, out);
    return;
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    for (const declarator of node.namedChildren) {
      if (declarator?.type !== 'variable_declarator') continue;
      const nameNode = declarator.childForFieldName('name');
      if (nameNode?.type !== 'identifier') continue;
      const value = declarator.childForFieldName('value');
      const valueKind =
        value && ['arrow_function', 'function_expression', 'function'].includes(value.type)
          ? 'function'
          : value?.type === 'class'
            ? 'class'
            : 'variable';
      const entry = symbol(node, nameNode.text, valueKind, exported, doc);
      entry.line = declarator.startPosition.row + 1;
      out.push(entry);
    }
  }
}

function tsClassMembers(node: Node, className: string, exported: boolean, out: AtlasSymbol[]): void {
  const body = node.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    if (!member) continue;
    if (member.type === 'method_definition' || member.type === 'method_signature' || member.type === 'abstract_method_signature') {
      const name = member.childForFieldName('name')?.text;
      // `#private` methods are mapped too (not exported): in a class built around them they are where the logic is.
      if (name) out.push(symbol(member, name, 'method', exported && !name.startsWith('#'), jsDocBefore(member), className));
    }
  }
}

function tsImports(root: Node, text: string, out: AtlasImport[]): void {
  for (const node of root.namedChildren) {
    if (!node) continue;
    if (node.type === 'import_statement' || (node.type === 'export_statement' && node.childForFieldName('source'))) {
      const source = stringValue(node.childForFieldName('source'));
      if (source === null) continue;
      const names: string[] = [];
      for (const id of node.descendantsOfType(['identifier', 'type_identifier'])) {
        if (id && id.parent?.type !== 'namespace_import') names.push(id.text);
      }
      out.push({ source, names: [...new Set(names)].sort(), line: node.startPosition.row + 1 });
    }
  }
  for (const call of tsLoadCalls(root, text)) {
    const arg = call.childForFieldName('arguments')?.firstNamedChild ?? null;
    const source = stringValue(arg);
    if (source !== null && !source.includes('${')) out.push({ source, names: [], line: call.startPosition.row + 1 });
  }
}

/**
 * The `require(…)` and `import(…)` calls anywhere in the file, in source order. Found from the words in the text
 * and checked against the tree: walking every node of the tree through the wasm boundary cost more than the parse.
 */
function tsLoadCalls(root: Node, text: string): Node[] {
  const calls: Node[] = [];
  for (const match of text.matchAll(/(?<![\w$])(?:require|import)(?![\w$])/g)) {
    const start = match.index;
    const end = start + match[0].length;
    // The callee is the `function` of a call and spans exactly the word: the leaf there or an ancestor of the same span.
    for (let node = root.descendantForIndex(start, end); node && node.startIndex === start && node.endIndex === end; node = node.parent) {
      const call = node.parent;
      if (call?.type !== 'call_expression' || !call.childForFieldName('function')?.equals(node)) continue;
      if (node.text === 'require' || node.type === 'import') calls.push(call);
      break;
    }
  }
  return calls;
}

/** `text` is the source `root` was parsed from. */
export function extractTypeScript(root: Node, text: string): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  const exportedNames = new Set<string>();
  for (const node of root.namedChildren) {
    if (!node) continue;
    if (node.type === 'export_statement') {
      const declaration = node.childForFieldName('declaration');
      const doc = jsDocBefore(node);
      if (declaration) {
        const before = symbols.length;
        tsDeclaration(declaration, true, doc, symbols);
        // The signature shows the export (`export default class X`), not just the declaration.
        for (const s of symbols.slice(before)) if (s.kind !== 'method' && s.line === node.startPosition.row + 1) s.signature = signatureOf(node);
      } else if (!node.childForFieldName('source')) {
        for (const spec of node.descendantsOfType('export_specifier')) {
          const name = spec?.childForFieldName('name')?.text;
          if (name) exportedNames.add(name);
        }
        const value = node.childForFieldName('value');
        if (value?.type === 'identifier') exportedNames.add(value.text);
      }
    } else if (node.type === 'expression_statement') {
      // module.exports = … / exports.x = … (CommonJS)
      const assignment = node.firstNamedChild;
      const left = assignment?.type === 'assignment_expression' ? assignment.childForFieldName('left') : null;
      if (left && /^(module\.)?exports(\.|$)/.test(left.text)) {
        const name = left.text.replace(/^(module\.)?exports\.?/, '');
        if (name) symbols.push(symbol(node, name, 'variable', true, jsDocBefore(node)));
        const right = assignment?.childForFieldName('right');
        if (right?.type === 'identifier') exportedNames.add(right.text);
        if (right?.type === 'object')
          for (const id of right.namedChildren) if (id?.type === 'shorthand_property_identifier') exportedNames.add(id.text);
      }
    } else {
      tsDeclaration(node, false, jsDocBefore(node), symbols);
    }
  }
  for (const s of symbols) if (!s.exported && exportedNames.has(s.name.split('.')[0] ?? '')) s.exported = true;
  tsImports(root, text, imports);
  const first = root.firstNamedChild;
  const doc = first?.type === 'comment' && first.text.startsWith('/*') ? cleanDoc(first.text) : '';
  return { symbols, imports, doc };
}

// ---- Python ----

function pyDocstring(body: Node | null): string {
  const first = body?.firstNamedChild;
  if (first?.type !== 'expression_statement') return '';
  const value = first.firstNamedChild;
  return value?.type === 'string' ? cleanDoc(value.text) : '';
}

function pyDefinitions(container: Node, parent: string | undefined, out: AtlasSymbol[], allNames: Set<string> | null): void {
  for (const child of container.namedChildren) {
    if (!child) continue;
    const node = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (!node) continue;
    const outer = child;
    if (node.type === 'function_definition' || node.type === 'class_definition') {
      const name = node.childForFieldName('name')?.text;
      if (!name) continue;
      const isPublic = !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__'));
      const exported = parent ? isPublic : allNames ? allNames.has(name) : isPublic;
      const kind = node.type === 'class_definition' ? 'class' : parent ? 'method' : 'function';
      const entry = symbol(outer, name, kind, exported, pyDocstring(node.childForFieldName('body')), parent);
      entry.signature = signatureOf(node).replace(/:\s*$/, '');
      out.push(entry);
      if (kind === 'class' && !parent) pyDefinitions(node.childForFieldName('body') ?? node, name, out, null);
    } else if (!parent && node.type === 'expression_statement') {
      const assignment = node.firstNamedChild;
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left?.type === 'identifier' && left.text !== '__all__') {
        out.push(symbol(node, left.text, 'variable', allNames ? allNames.has(left.text) : !left.text.startsWith('_'), ''));
      }
    }
  }
}

function pyAllNames(root: Node): Set<string> | null {
  for (const node of root.namedChildren) {
    const assignment = node?.type === 'expression_statement' ? node.firstNamedChild : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== '__all__') continue;
    const names = new Set<string>();
    for (const s of assignment.childForFieldName('right')?.descendantsOfType('string') ?? []) {
      if (s) names.add(s.text.replace(/^[^'"]*['"]|['"]$/g, ''));
    }
    return names;
  }
  return null;
}

/** Import statements anywhere in the file (functions import lazily), found from the `import` words in the text. */
function pyImportStatements(root: Node, text: string): Node[] {
  const statements: Node[] = [];
  for (const match of text.matchAll(/(?<!\w)import(?!\w)/g)) {
    const keyword = root.descendantForIndex(match.index, match.index + 'import'.length);
    const statement = keyword?.type === 'import' ? keyword.parent : null;
    if (statement?.type === 'import_statement' || statement?.type === 'import_from_statement') statements.push(statement);
  }
  return statements;
}

function pyImports(root: Node, text: string, out: AtlasImport[]): void {
  for (const node of pyImportStatements(root, text)) {
    const line = node.startPosition.row + 1;
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (dotted) out.push({ source: dotted.text, names: [], line });
      }
    } else {
      const module = node.childForFieldName('module_name')?.text;
      if (module === undefined) continue;
      const names: string[] = [];
      for (const name of node.childrenForFieldName('name')) {
        const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (dotted) names.push(dotted.text);
      }
      out.push({ source: module, names: names.sort(), line });
    }
  }
}

/** `text` is the source `root` was parsed from. */
export function extractPython(root: Node, text: string): Extracted {
  const symbols: AtlasSymbol[] = [];
  const imports: AtlasImport[] = [];
  pyDefinitions(root, undefined, symbols, pyAllNames(root));
  pyImports(root, text, imports);
  return { symbols, imports, doc: pyDocstring(root) };
}
