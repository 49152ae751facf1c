// A field path is how errors name a place in a scenario: `participants[1].hog.total`, and the same
// path, split into segments, is how the locator finds the line. Keys that are not plain identifiers
// (environment variable names, say) are quoted, `env["A.B"]`, so the string form round-trips.

/** A path into a scenario document: object keys and array indexes. */
export type FieldPath = ReadonlyArray<string | number>;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// Why: every error names its field the same way, whichever layer (zod, normalisation, plan) raised it.
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? 'scenario' : out;
}

const SEGMENT = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

// Why: InputErrors carry the field as text (normalizeHogOptions builds it); the locator needs segments back.
// Text that is not a path (a CLI flag, say) gives the segments it could read, which at worst locates a parent.
export function parsePath(field: string): FieldPath {
  const out: Array<string | number> = [];
  if (field === 'scenario') return out;
  SEGMENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (SEGMENT.lastIndex < field.length && (m = SEGMENT.exec(field)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
  }
  return out;
}
