import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { parsePath, type FieldPath } from './field-path.js';

// Errors name a field path; a person wants the line. This walks the parsed YAML document along the
// path (map keys, sequence indexes) and reports the line of the deepest node it reaches: the key for a
// map entry (where a reader's eye goes), the item for a list entry. A path that leaves the document (a
// missing required key, a plan-time field) falls back to the nearest parent that exists.

/** Maps a field (text or segments) to a 1-based line in the source. */
export type Locator = (field: string | FieldPath) => number;

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? range[0] : undefined;
}

// Why: build the locator for one parsed document, once.
export function locator(doc: Document, lines: LineCounter): Locator {
  return (field) => {
    const path = typeof field === 'string' ? parsePath(field) : field;
    let node: unknown = doc.contents;
    let offset = offsetOf(node) ?? 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        offset = offsetOf(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        offset = offsetOf(item) ?? offset;
        node = item;
      } else break;
    }
    return lines.linePos(offset).line;
  };
}
