import { InputError, showValue } from '../errors/input-error.js';

const UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  min: 60e9,
  h: 3600e9,
};

/** The longest duration oomlab accepts (7 days): beyond it a value is a typo. */
const MAX_DURATION_NS = 7 * 24 * 3600e9;

const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]+)\s*$/i;

// Why: one parser for every duration (CLI flags, scenario files), returning nanoseconds because the C
// core paces in nanoseconds and the article's interval is 200 us. A bare number is refused: "200" could
// mean us, ms or s, and guessing wrong changes an experiment by 1000x.
export function parseDuration(input: unknown, field: string): number {
  const expected = 'a duration such as 200us, 50ms, 5s or 2m (a unit is required)';
  if (input === 0 || input === '0') return 0;
  if (typeof input !== 'string') throw new InputError(field, expected, showValue(input));
  const m = DURATION_RE.exec(input);
  const unit = m ? UNITS_NS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InputError(field, expected, showValue(input));
  const ns = Math.round(Number(m[1]) * unit);
  if (!Number.isFinite(ns) || ns > MAX_DURATION_NS) {
    throw new InputError(field, `${expected}, at most 7 days`, showValue(input));
  }
  return ns;
}

// Why: print a duration in the unit a person would pick.
export function formatDuration(ns: number): string {
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${+(ns / 1e3).toFixed(1)}us`;
  if (ns < 1e9) return `${+(ns / 1e6).toFixed(1)}ms`;
  if (ns < 60e9) return `${+(ns / 1e9).toFixed(2)}s`;
  return `${+(ns / 60e9).toFixed(1)}m`;
}
