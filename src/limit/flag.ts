import { InputError, showValue } from '../errors/input-error.js';
import { parseSize } from '../units/size.js';

// `--find-limit KEY[=LOW..HIGH]`, `--step SIZE` and `--repeat N` as typed: checked for shape only
// here (a key, sizes, a range in order); what the scenario and this machine allow is bounds.ts's.

/** The limits a search can vary: the cgroup's memory limit, or the swap it may use on top. */
export const SEARCH_KEYS = ['memory', 'swap'] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];

/** What the flags say, before the scenario fills in what they leave out. */
export interface SearchRequest {
  key: SearchKey;
  lowBytes?: number;
  highBytes?: number;
  stepBytes: number;
  repeat: number;
  group?: string;
}

const FLAG = '--find-limit';
const EXPECTED = 'memory or swap, optionally with a range such as memory=32M..512M (or memory=..512M, memory=64M..)';
/** The default step: fine enough for a service's limit, coarse enough to keep searches short. */
export const DEFAULT_STEP = 4 * 1024 * 1024;
const MIN_STEP = 64 * 1024;

// Why: every mistake in the three flags is one line naming the flag, before anything is created.
export function parseSearchFlags(findLimit: string, more: { step?: string; repeat?: string; group?: string } = {}): SearchRequest {
  const m = /^\s*([A-Za-z]+)\s*(?:=(.*))?$/s.exec(findLimit);
  if (!m) throw new InputError(FLAG, EXPECTED, showValue(findLimit));
  const key = m[1] as SearchKey;
  if (!SEARCH_KEYS.includes(key)) throw new InputError(FLAG, `the key memory or swap, optionally with a range such as memory=32M..512M`, showValue(m[1]));
  const range = m[2];
  const cut = range === undefined ? -1 : range.indexOf('..');
  if (range !== undefined && (cut < 0 || range.trim() === '..')) throw new InputError(FLAG, `a range LOW..HIGH (${EXPECTED})`, showValue(findLimit));
  const size = (text: string | undefined): number | undefined => (text?.trim() ? parseSize(text.trim(), FLAG) : undefined);
  const lowBytes = size(range?.slice(0, cut));
  const highBytes = size(range?.slice(cut + 2));
  if (lowBytes !== undefined && highBytes !== undefined && lowBytes >= highBytes) {
    throw new InputError(FLAG, 'a range LOW..HIGH with LOW below HIGH', showValue(findLimit));
  }
  const stepBytes = more.step === undefined ? DEFAULT_STEP : parseSize(more.step, '--step');
  if (stepBytes < MIN_STEP) throw new InputError('--step', 'a size of at least 64K', showValue(more.step));
  const repeat = more.repeat === undefined ? 1 : /^\s*\d+\s*$/.test(more.repeat) ? Number(more.repeat) : NaN;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) throw new InputError('--repeat', 'a whole number from 1 to 100', showValue(more.repeat));
  if (more.group !== undefined && !/^[a-z][a-z0-9_-]{0,47}$/.test(more.group)) throw new InputError('--group', 'the name of one of the scenario\'s groups', showValue(more.group));
  return { key, ...(lowBytes !== undefined ? { lowBytes } : {}), ...(highBytes !== undefined ? { highBytes } : {}), stepBytes, repeat, ...(more.group !== undefined ? { group: more.group } : {}) };
}
