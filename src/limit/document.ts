import * as z from 'zod';
import { checkRunResult, MalformedResultError } from '../result/parse.js';
import type { RunResult } from '../result/types.js';
import type { SearchBounds } from './bounds.js';
import { SEARCH_KEYS } from './flag.js';

// `oomlab run --find-limit --json` writes one `oomlab/search@1` document: the search's bounds and
// answer, and every try with the full `oomlab/result@2` of each of its runs (a failing try's results
// say why it failed; a holding one's how close it came). Read back, it is checked like any result:
// the search's own fields here, each run by the result's schema (a VM guest's copy is not trusted).

/** The schema id of a limit search's JSON. */
export const SEARCH_SCHEMA = 'oomlab/search@1';

/** A value tried: `holds` when every run passed, `fails` at the first failing run, `stopped` when
 *  the search was interrupted during it (such a try decides nothing). */
export type TryVerdict = 'holds' | 'fails' | 'stopped';

/** One value tried, with its runs (up to `repeat`; a failing try stops at its first failing run). */
export interface SearchTry {
  valueBytes: number;
  verdict: TryVerdict;
  /** Why it failed, in a few words (`service oom-killed`), for a failing try. */
  reason?: string;
  runs: RunResult[];
}

/** The search block: its bounds, its answer and its tries in the order they ran. */
export interface LimitSearch extends SearchBounds {
  /** The smallest value that holds; null when even HIGH fails or the search was stopped. */
  answerBytes: number | null;
  /** `found`: answerBytes holds and one step below failed; `at-most-low`: LOW itself holds (the
   *  answer is <= LOW); `high-fails`: even HIGH fails; `stopped`: interrupted (Ctrl-C). */
  status: 'found' | 'at-most-low' | 'high-fails' | 'stopped';
  tries: SearchTry[];
}

/** The whole `--json` document. */
export interface SearchDocument {
  schema: typeof SEARCH_SCHEMA;
  scenario: { name: string; source?: string };
  search: LimitSearch;
}

const bytes = z.int().min(0);
const runs = z.array(z.unknown());
const searchTry = z.object({ valueBytes: bytes, verdict: z.enum(['holds', 'fails', 'stopped']), reason: z.string().optional(), runs });
const documentSchema = z.object({
  schema: z.literal(SEARCH_SCHEMA),
  scenario: z.object({ name: z.string(), source: z.string().optional() }),
  search: z.object({
    key: z.enum(SEARCH_KEYS),
    group: z.string().nullable(),
    lowBytes: bytes,
    highBytes: bytes,
    stepBytes: bytes,
    repeat: z.int().min(1),
    maxTries: z.int().min(1),
    answerBytes: bytes.nullable(),
    status: z.enum(['found', 'at-most-low', 'high-fails', 'stopped']),
    tries: z.array(searchTry),
  }),
});

// Why: a search document from outside this process (a VM guest, a file) is checked field by field,
// and each run inside it as an `oomlab/result@2`; a problem is one line naming where, never the bytes.
export function parseSearchDocument(text: Buffer | string, origin: string): SearchDocument {
  let value: unknown;
  try {
    value = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    throw new MalformedResultError(`${origin} is not valid JSON (${text.length} bytes)`);
  }
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
    throw new MalformedResultError(`${origin} is not an ${SEARCH_SCHEMA}: ${at}: ${issue.code.replace(/_/g, ' ')}`, at);
  }
  const doc = parsed.data;
  const tries = doc.search.tries.map((t, i) => ({ ...t, runs: t.runs.map((r, j) => checkRunResult(r, `${origin} search.tries[${i}].runs[${j}]`)) }));
  return { ...doc, search: { ...doc.search, tries } };
}
