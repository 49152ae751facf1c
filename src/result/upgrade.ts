import { RESULT_SCHEMA } from './types.js';

// Results are kept (CI artifacts, a fleet's files merged later), so a reader takes the versions before
// its own. @1 -> @2: `evidence.kmsg` was true/false (read, or could not be opened) and is now
// 'read' | 'silent' | 'unavailable'; the evidence source 'exit-signal' is now 'signal'. Anything not
// in the old shape is left as it is, for the schema to refuse.

// Why: a result written by an older oomlab is still a result; upgrade it before it is checked.
export function upgradeResult(value: unknown): unknown {
  if (!isObject(value) || value['schema'] !== 'oomlab/result@1') return value;
  const out: Record<string, unknown> = { ...value, schema: RESULT_SCHEMA };
  const evidence = value['evidence'];
  if (isObject(evidence) && typeof evidence['kmsg'] === 'boolean') out['evidence'] = { ...evidence, kmsg: evidence['kmsg'] ? 'read' : 'unavailable' };
  const events = value['oomEvents'];
  if (Array.isArray(events)) {
    out['oomEvents'] = events.map((e: unknown) =>
      isObject(e) && Array.isArray(e['sources']) ? { ...e, sources: e['sources'].map((s: unknown) => (s === 'exit-signal' ? 'signal' : s)) } : e,
    );
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
