import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';

/** A parsed YAML file that can say on which line a node starts. */
export interface LocatedDocument {
  doc: Document.Parsed;
  lines: string[];
  lineOf(node: unknown): number | undefined;
}

export function parseLocated(content: string): LocatedDocument {
  const counter = new LineCounter();
  const doc = parseDocument(content, { lineCounter: counter, uniqueKeys: false });
  return {
    doc,
    lines: content.split(/\r?\n/),
    lineOf(node) {
      const range = (node as Node | undefined)?.range;
      return range ? counter.linePos(range[0]).line : undefined;
    },
  };
}

export function mapGet(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

export function mapEntries(map: unknown): Array<{ key: string; keyNode: unknown; value: unknown }> {
  if (!isMap(map)) return [];
  return (map as YAMLMap).items.map((pair) => ({
    key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    keyNode: pair.key,
    value: pair.value,
  }));
}

export function seqItems(seq: unknown): unknown[] {
  return isSeq(seq) ? seq.items : [];
}

export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}
