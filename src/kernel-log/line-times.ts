// The timestamps a kernel line can start with, each read in place from a span src[at, end) of a larger
// text: `[ 123.456]` and `[Sat Nov 28 12:00:00 2026]` (dmesg, dmesg -T), a /dev/kmsg record header,
// and what follows a syslog or journal time (`host kernel: `). Each returns where the text after it
// starts and writes the time into the caller's object.

/** Where the times go. */
export interface LineTimes {
  seconds: number;
  wall: string;
}

const WALL_BRACKET = /\[([^\]]*\d\d:\d\d:\d\d[^\]]*)\] ?/y;
const HOST_IDENT = /(?:kernel: ?|\S+ ([^\s:[]+)(?:\[\d+\])?: ?)/y;

// Why: `[ 123.456] ` (seconds since boot) or `[Sat Nov 28 12:00:00 2026] ` (dmesg -T); a task-table
// row `[  485]     0 ...` has no decimal point and no clock, so it is left alone (`at` returned).
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
  if (s.charCodeAt(j) === 93) {
    if (digits === 0 || !dot || j < at + 2) return at;
    out.seconds = whole + frac / scale;
    return j + 1 < end && s.charCodeAt(j + 1) === 32 ? j + 2 : j + 1;
  }
  let close = j + 1;
  while (close < end && s.charCodeAt(close) !== 93) close++;
  if (close >= end || s.charCodeAt(close - 5) !== 32) return at;
  WALL_BRACKET.lastIndex = at;
  const w = WALL_BRACKET.exec(s);
  if (!w || WALL_BRACKET.lastIndex > end) return at;
  out.wall = w[1] ?? '';
  return WALL_BRACKET.lastIndex;
}

// Why: after a syslog/journal timestamp comes `host kernel: text`, or `kernel: text` with no host.
// Lines of other programs (`host systemd[1]: ...`) are not kernel text: -1.
export function syslogRest(s: string, from: number, end: number): number {
  HOST_IDENT.lastIndex = from;
  const m = HOST_IDENT.exec(s);
  if (!m || HOST_IDENT.lastIndex > end) return -1;
  if (m[1] !== undefined && m[1] !== 'kernel') return -1;
  return HOST_IDENT.lastIndex;
}

// Why: a cheap test before the regex: `Mon DD HH:MM:SS` has a clock right after the first word and day.
export function looksLikeSyslogTime(s: string, at: number, end: number): boolean {
  let sp = at;
  while (sp < end && sp - at <= 12 && s.charCodeAt(sp) !== 32) sp++;
  if (sp - at < 3 || sp - at > 12 || sp >= end) return false;
  let j = sp + 1;
  if (s.charCodeAt(j) === 32) j++;
  while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  return j + 6 < end && s.charCodeAt(j) === 32 && s.charCodeAt(j + 3) === 58 && s.charCodeAt(j + 6) === 58;
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
