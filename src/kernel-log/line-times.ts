// The timestamps a kernel line can start with, each read in place from a span src[at, end) of a larger
// text: dmesg's brackets (`[ 123.456]`, `[Sat Nov 28 12:00:00 2026]` and the others of stripBracket), a /dev/kmsg record header,
// and what follows a syslog or journal time (`host kernel: `). Each returns where the text after it
// starts and writes the time into the caller's object.

/** Where the times go. */
export interface LineTimes {
  seconds: number;
  wall: string;
  /** REL_MINUTE or REL_DELTA for the two kinds of line of `dmesg -H` (reltime); 0 otherwise. */
  rel: number;
}

/** `[Dec 5 19:42] text`: the first line of a minute in `dmesg -H`/`-e` (`--time-format reltime`). */
export const REL_MINUTE = 1;
/** `[  +0.000012] text`: any later line of that minute, timed from the line before it. */
export const REL_DELTA = 2;

const WALL_BRACKET = /\[([^\]]*\d\d:\d\d:\d\d[^\]]*)\] ?/y;
/** util-linux's short_ctime, strftime `%b%e %H:%M`: `Dec 5 19:42`, `Dec15 19:42`; translated, so also
 *  `12月 5 19:42` or another order of month and day: anything that ends in ` HH:MM`. */
const MINUTE_BRACKET = /\[([^\]\s][^\]]{0,22} \d\d:\d\d)\] ?/y;

// Why: the bracketed times dmesg prints before the text: `[ 123.456] ` (seconds since boot), `[Sat Nov
// 28 12:00:00 2026] ` (-T), `[ 123.456 <    0.000012>] ` (-d), `[<    0.000012>] ` (--time-format
// delta), `[Sat Nov 28 12:00:00 2026 <    0.000012>] ` (-T -d), and -H's `[Dec 5 19:42] ` and
// `[  +0.000012] ` (out.rel says which; a gap may be negative, `[  -0.000003] `). A task-table row `[  485]     0 ...` has no decimal point and
// no clock, so it is left alone (`at` returned).
export function stripBracket(s: string, at: number, end: number, out: LineTimes): number {
  let i = at + 1;
  while (i < end && s.charCodeAt(i) === 32) i++;
  // One pass over `[   123.456]`: digits and one dot up to the `]`.
  let dot = false;
  let digits = 0;
  let whole = 0;
  let frac = 0;
  let scale = 1;
  let j = i;
  for (; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c >= 48 && c <= 57) {
      digits++;
      if (dot) {
        frac = frac * 10 + (c - 48);
        scale *= 10;
      } else whole = whole * 10 + (c - 48);
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (j >= end) return at;
  const cj = s.charCodeAt(j);
  if (cj === 93) {
    if (digits === 0 || !dot || j < at + 2) return at;
    out.seconds = whole + frac / scale;
    return afterClose(s, j, end);
  }
  // `[ 123.456789 <    0.000012>]` (dmesg -d): the time, then the gap since the line before
  const delta = digits > 0 ? (dot && cj === 32 ? angleDelta(s, j + 1, end) : -1) : cj === 60 ? angleDelta(s, j, end) : -1;
  if (delta > 0) {
    if (digits > 0) out.seconds = whole + frac / scale;
    return afterClose(s, delta, end);
  }
  const plus = digits === 0 && (cj === 43 || cj === 45) ? decimalBefore(s, j + 1, end, 93) : -1;
  if (plus > 0) {
    out.rel = REL_DELTA;
    return afterClose(s, plus, end);
  }
  let close = j + 1;
  while (close < end && s.charCodeAt(close) !== 93) close++;
  if (close >= end) return at;
  if (s.charCodeAt(close - 5) === 32 || s.charCodeAt(close - 1) === 62) {
    WALL_BRACKET.lastIndex = at;
    const w = WALL_BRACKET.exec(s);
    if (w && WALL_BRACKET.lastIndex <= end) {
      const wall = w[1] ?? '';
      const lt = wall.charCodeAt(wall.length - 1) === 62 ? wall.lastIndexOf(' <') : -1;
      out.wall = lt > 0 ? wall.slice(0, lt) : wall;
      return WALL_BRACKET.lastIndex;
    }
  }
  MINUTE_BRACKET.lastIndex = at;
  const m = MINUTE_BRACKET.exec(s);
  if (!m || MINUTE_BRACKET.lastIndex > end) return at;
  out.wall = m[1] ?? '';
  out.rel = REL_MINUTE;
  return MINUTE_BRACKET.lastIndex;
}

// Past the `]` at `close` and one space after it, if any.
function afterClose(s: string, close: number, end: number): number {
  return close + 1 < end && s.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
}

// `<    0.000012>` at `from` (dmesg's `<%12.06f>`): where the `]` after it is, or -1.
function angleDelta(s: string, from: number, end: number): number {
  if (s.charCodeAt(from) !== 60) return -1;
  let i = from + 1;
  while (i < end && s.charCodeAt(i) === 32) i++;
  if (i < end && s.charCodeAt(i) === 45) i++; // a negative gap: printk times from two CPUs out of order
  const gt = decimalBefore(s, i, end, 62);
  return gt > 0 && gt + 1 < end && s.charCodeAt(gt + 1) === 93 ? gt + 1 : -1;
}

// Digits, a dot and digits from `from`, then the char `close`: where that char is, or -1.
function decimalBefore(s: string, from: number, end: number, close: number): number {
  let i = from;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === from || i >= end || s.charCodeAt(i) !== 46) return -1;
  const frac = ++i;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i > frac && i < end && s.charCodeAt(i) === close ? i : -1;
}

// Why: after a syslog/journal timestamp comes `host kernel: text`, or `kernel: text` with no host.
// Lines of other programs (`host systemd[1]: ...`) are not kernel text: -1. Read by hand, as
// /(?:kernel: ?|\S+ (?:[a-z0-9]+\.[a-z]+ )?([^\s:[]+)(?:\[\d+\])?: ?)/y with the ident required to be
// `kernel` reads it (this runs on every syslog line): the host is the whole run of non-space
// characters (the regex cannot end it earlier, since a space must follow), then one space, BusyBox
// syslogd's facility and level if there (`host kern.warn kernel: `), `kernel`, an optional `[pid]` and
// a colon.
export function syslogRest(s: string, from: number, end: number): number {
  if (s.startsWith(KERNEL, from) && from + KERNEL.length <= end) return afterColon(s, from + KERNEL.length - 1, end);
  let i = from;
  while (i < end && !isSpace(s.charCodeAt(i))) i++;
  if (i === from || i >= end || s.charCodeAt(i) !== 32) return -1;
  i++;
  const level = facilityDotLevel(s, i, end);
  return kernelIdent(s, level > 0 ? level + 1 : i, end);
}

// `kernel`, an optional `[pid]` and a colon from `from`: where the text after them starts, or -1.
function kernelIdent(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && !isSpace(s.charCodeAt(i)) && s.charCodeAt(i) !== 58 && s.charCodeAt(i) !== 91) i++;
  if (i - from !== 6 || !s.startsWith('kernel', from) || i >= end) return -1;
  if (s.charCodeAt(i) === 91) {
    const digits = i + 1;
    i = digits;
    while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === digits || i >= end || s.charCodeAt(i) !== 93) return -1;
    i++;
  }
  return i < end && s.charCodeAt(i) === 58 ? afterColon(s, i, end) : -1;
}

// `kern.warn ` (lowercase letters and digits, a dot, lowercase letters, a space) from `from`: where the
// space is, or -1.
function facilityDotLevel(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && isLowerOrDigit(s.charCodeAt(i))) i++;
  if (i === from || i >= end || s.charCodeAt(i) !== 46) return -1;
  const level = ++i;
  while (i < end && s.charCodeAt(i) >= 97 && s.charCodeAt(i) <= 122) i++;
  return i > level && i < end && s.charCodeAt(i) === 32 ? i : -1;
}

function isLowerOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

const KERNEL = 'kernel:';

// Past the colon at `colon` and one space after it, if any.
function afterColon(s: string, colon: number, end: number): number {
  return colon + 1 < end && s.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
}

// What the regex `\s` matches.
export function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** What stampKind found at a line's start. */
export const STAMP_NONE = 0;
/** `Nov 28 12:42:22` (classic syslog, journalctl short and short-precise). */
export const STAMP_SYSLOG = 1;
/** `Sat 2026-12-05 19:54:29 UTC` (journalctl short-full and with-unit; the weekday in any language). */
export const STAMP_FULL = 2;
/** `Mon Apr 12 18:29:48 2021` (ctime: OpenWrt's logread). */
export const STAMP_CTIME = 3;

// Why: the cheap test before a regex, for the times that start with a word: one pass over the first
// word, then the shape after it (each a necessary condition of its regex in line-prefix.ts).
export function stampKind(s: string, at: number, end: number): number {
  const sp = wordEnd(s, at, end);
  if (sp < 0) return STAMP_NONE;
  const c = s.charCodeAt(sp + 1);
  if (c === 32 || (c >= 48 && c <= 57)) {
    // `Mon DD HH:MM:SS` (the day may have a space before it), or `Sat YYYY-MM-DD HH:MM:SS`
    let j = sp + 1;
    if (c === 32) j++;
    const digits = j;
    while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (sp - at >= 3 && j + 6 < end && s.charCodeAt(j) === 32 && s.charCodeAt(j + 3) === 58 && s.charCodeAt(j + 6) === 58) return STAMP_SYSLOG;
    const full = j - digits === 4 && digits === sp + 1 && sp + 20 <= end && s.charCodeAt(j) === 45;
    return full && s.charCodeAt(sp + 11) === 32 && s.charCodeAt(sp + 14) === 58 ? STAMP_FULL : STAMP_NONE;
  }
  // `Mon Apr 12 18:29:48 2021`
  const sp2 = wordEnd(s, sp + 1, end);
  if (sp2 < 0) return STAMP_NONE;
  let d = sp2 + 1;
  if (s.charCodeAt(d) === 32) d++;
  const digits = d;
  while (d < end && d - digits < 2 && s.charCodeAt(d) >= 48 && s.charCodeAt(d) <= 57) d++;
  const ctime = d > digits && d + 14 < end && s.charCodeAt(d) === 32 && s.charCodeAt(d + 3) === 58;
  return ctime && s.charCodeAt(d + 6) === 58 && s.charCodeAt(d + 9) === 32 ? STAMP_CTIME : STAMP_NONE;
}

// A word of 2 to 12 characters from `at`, then a space: where the space is, or -1.
function wordEnd(s: string, at: number, end: number): number {
  let i = at;
  while (i < end && i - at <= 12 && s.charCodeAt(i) !== 32) i++;
  return i - at >= 2 && i - at <= 12 && i < end ? i : -1;
}

// Why: `prio,seq,usec,flags;` of a /dev/kmsg record, parsed by hand (every line of a kmsg dump has
// one): returns the offset of the text, or 0 when the line is not a record; sets the seconds.
export function kmsgHeader(s: string, at: number, end: number, out: LineTimes): number {
  let field = 0;
  let usec = 0;
  let digits = 0;
  const limit = Math.min(end, at + 80);
  for (let i = at; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (field < 3) {
      if (c >= 48 && c <= 57) {
        digits++;
        if (field === 2) usec = usec * 10 + (c - 48);
      } else if (c === 44 && digits > 0) {
        field++;
        digits = 0;
      } else return 0;
    } else if (c === 59) {
      out.seconds = usec / 1e6;
      return i + 1;
    }
  }
  return 0;
}
