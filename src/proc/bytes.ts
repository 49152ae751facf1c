// Byte-level scanning helpers shared by the /proc parsers: they read numbers and keys straight
// out of a Buffer so a parse builds no strings and runs no regular expressions.

const SPACE = 0x20;
const TAB = 0x09;
const NL = 0x0a;

/** Cursor state shared by the helpers (one parse at a time; JS is single-threaded). */
export const cur = { pos: 0 };

/** Skip spaces and tabs from `cur.pos`. */
function skipBlanks(buf: Uint8Array, end: number): void {
  let p = cur.pos;
  while (p < end && (buf[p] === SPACE || buf[p] === TAB)) p++;
  cur.pos = p;
}

/** Parse an unsigned decimal at `cur.pos` (after blanks); NaN when there is none. */
export function readUint(buf: Uint8Array, end: number): number {
  skipBlanks(buf, end);
  let p = cur.pos;
  let n = 0;
  const start = p;
  while (p < end) {
    const c = buf[p]! - 0x30;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
    p++;
  }
  cur.pos = p;
  return p === start ? NaN : n;
}

/** Parse a signed decimal (stat's ppid of 0, priority, ...). */
export function readInt(buf: Uint8Array, end: number): number {
  skipBlanks(buf, end);
  if (buf[cur.pos] === 0x2d) {
    cur.pos++;
    return -readUint(buf, end);
  }
  return readUint(buf, end);
}

/** Parse a decimal with an optional fraction ("12.34"), as PSI prints its averages. */
export function readDecimal(buf: Uint8Array, end: number): number {
  const whole = readUint(buf, end);
  if (buf[cur.pos] !== 0x2e) return whole;
  let p = cur.pos + 1;
  let frac = 0;
  let scale = 1;
  while (p < end) {
    const c = buf[p]! - 0x30;
    if (c < 0 || c > 9) break;
    frac = frac * 10 + c;
    scale *= 10;
    p++;
  }
  cur.pos = p;
  // One division of exact integers rounds once, to the double nearest the decimal (as Number(text)
  // does); whole + frac / scale rounds twice and is off by one ulp for some values (3.01 is, 0.57 not).
  const n = whole * scale + frac;
  return Number.isSafeInteger(n) ? n / scale : whole + frac / scale;
}

/** Skip the rest of a blank-separated field (non-blank bytes) from `cur.pos`. */
export function skipField(buf: Uint8Array, end: number): void {
  skipBlanks(buf, end);
  let p = cur.pos;
  while (p < end && buf[p] !== SPACE && buf[p] !== NL) p++;
  cur.pos = p;
}

/** Index just past the next newline at or after `from`, or `end`. */
export function nextLine(buf: Uint8Array, from: number, end: number): number {
  const i = buf.indexOf(NL, from);
  return i < 0 || i >= end ? end : i + 1;
}

/** Keys as bytes, for matching line prefixes ("VmRSS:", "pswpin "). */
export function keyBytes(keys: readonly string[]): Uint8Array[] {
  return keys.map((k) => Buffer.from(k, 'latin1'));
}

/** Which key (index) the line at `at` starts with, or -1. */
export function matchKey(buf: Uint8Array, at: number, end: number, keys: readonly Uint8Array[]): number {
  const first = buf[at];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key[0] !== first || at + key.length > end) continue;
    let i = 1;
    while (i < key.length && buf[at + i] === key[i]) i++;
    if (i === key.length) return k;
  }
  return -1;
}

/**
 * Scan "Key<sep> value" lines (status, meminfo, vmstat): for each line starting with one of
 * `keys` (each including its separator), store the number after it in `out[index]`. Lines not
 * asked for are skipped by their first bytes. Returns how many keys were found.
 */
export function scanKeyed(buf: Uint8Array, len: number, keys: readonly Uint8Array[], out: Float64Array): number {
  out.fill(NaN);
  let found = 0;
  let at = 0;
  while (at < len) {
    const k = matchKey(buf, at, len, keys);
    if (k >= 0) {
      cur.pos = at + keys[k]!.length;
      out[k] = readUint(buf, len);
      if (++found === keys.length) break; // each key once: stop at the last one asked for
    }
    at = nextLine(buf, at, len);
  }
  return found;
}
