import { InputError, showValue } from '../errors/input-error.js';

// Sizes in oomlab are binary throughout: K, M, G, T mean KiB, MiB, GiB, TiB (as in ulimit, prlimit,
// cgroup files and the article's BLOCK_SIZE 1024*1024). Decimal SI (kB = 1000) is deliberately not
// accepted: in memory work it only ever causes off-by-2.4% confusion.
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
};

/** The largest size oomlab accepts anywhere (1 PiB): beyond it a value is a typo, not a plan. */
const MAX_SIZE = 1024 ** 5;

const SIZE_RE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

// Why: one parser for every size a user types (CLI flags, scenario files), with the field named on error.
export function parseSize(input: unknown, field: string): number {
  const expected = 'a size such as 4096, 512K, 1M, 2G or 1GiB (binary units)';
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && input >= 0 && input <= MAX_SIZE) return input;
    throw new InputError(field, `${expected}, between 0 and 1P`, showValue(input));
  }
  if (typeof input !== 'string') throw new InputError(field, expected, showValue(input));
  const m = SIZE_RE.exec(input);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InputError(field, expected, showValue(input));
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes > MAX_SIZE) {
    throw new InputError(field, `${expected}, at most 1P`, showValue(input));
  }
  return bytes;
}

// Why: print sizes the way people read `top` and `free -m`: the largest binary unit that keeps a number >= 1.
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  for (const u of ['B', 'KiB', 'MiB', 'GiB', 'TiB']) {
    if (v < 1024 || u === 'TiB') {
      const digits = u === 'B' || v >= 100 ? 0 : v >= 10 ? 1 : 2;
      return `${sign}${v.toFixed(digits)} ${u}`;
    }
    v /= 1024;
  }
  return `${sign}${v} TiB`;
}

/** 1 MiB, the article's BLOCK_SIZE (1024*1024). */
export const MiB = 1024 * 1024;
