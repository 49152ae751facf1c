// One kernel log line can arrive in many wrappers: `[ 123.456] text` (dmesg), `[Sat Nov 28 12:00:00
// 2026] text` (dmesg -T), `Nov 28 12:00:00 host kernel: [ 123.456] text` (syslog, /var/log/messages,
// journalctl -k), `2026-11-28T12:00:00+00:00 host kernel: text` (ISO syslog), `<6>[...]` (console
// level), `6,1234,5678,-;text` (/dev/kmsg records), or nothing at all. This strips the wrapper and
// keeps the timestamps. It runs on every line of a big log, so it avoids regexes on the common path
// and writes into a caller-owned object instead of allocating one per line.

/** The text of a kernel line with its wrapper removed, and the times the wrapper carried. */
export interface StrippedLine {
  text: string;
  /** Seconds since boot; NaN when the line had none. */
  seconds: number;
  /** Wall-clock time as printed; '' when the line had none. */
  wall: string;
}

const SYSLOG_TIME = /^[A-Za-z\u00c0-\uffff.]{3,12} {1,2}\d{1,2} \d\d:\d\d:\d\d /;
const ISO_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S* /;
const HOST_IDENT = /^(?:kernel: ?|\S+ ([^\s:[]+)(?:\[\d+\])?: ?)/;
const KMSG_CONTINUATION = /^ [A-Z0-9_]+=/;
const WALL_BRACKET = /^\[([^\]]*\d\d:\d\d:\d\d[^\]]*)\] ?/;

/** Longest line the parser looks at: printk lines are under 1 KiB, so anything longer is not one. */
export const MAX_LINE = 8192;

// Why: every input format reduces to (kernel text, seconds since boot, wall time) before parsing.
// Returns false for lines that are not kernel text (another syslog program, kmsg continuation lines).
export function stripLinePrefix(line: string, out: StrippedLine): boolean {
  let text = line;
  out.seconds = NaN;
  out.wall = '';
  if (text.length > MAX_LINE) return false;
  if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
  if (text.length === 0) {
    out.text = text;
    return true;
  }
  const c0 = text.charCodeAt(0);
  if (c0 === 32 && KMSG_CONTINUATION.test(text)) return false;
  if (c0 >= 48 && c0 <= 57) {
    const k = kmsgHeader(text, out);
    if (k > 0) {
      text = text.slice(k);
    } else {
      const iso = ISO_TIME.exec(text);
      if (iso) {
        const rest = syslogRest(text, iso[0].length);
        if (rest === undefined) return false;
        out.wall = iso[0].slice(0, -1);
        text = rest;
      }
    }
  } else if (c0 >= 65 && c0 !== 91) {
    const s = looksLikeSyslogTime(text) ? SYSLOG_TIME.exec(text) : null;
    if (s) {
      const rest = syslogRest(text, s[0].length);
      if (rest === undefined) return false;
      out.wall = s[0].slice(0, -1);
      text = rest;
    }
  }
  if (text.charCodeAt(0) === 60) {
    // `<6>` console level
    const end = text.indexOf('>');
    if (end > 1 && end < 5) text = text.slice(end + 1);
  }
  if (text.charCodeAt(0) === 91) text = stripBracket(text, out);
  out.text = text;
  return true;
}

// `[ 123.456] ` (seconds since boot) or `[Sat Nov 28 12:00:00 2026] ` (dmesg -T); a task-table row
// `[  485]     0 ...` has no decimal point and no clock, so it is left alone.
function stripBracket(text: string, out: StrippedLine): string {
  const close = text.indexOf(']');
  if (close < 2) return text;
  let i = 1;
  while (i < close && text.charCodeAt(i) === 32) i++;
  let dot = false;
  let digits = 0;
  let whole = 0;
  let frac = 0;
  let scale = 1;
  for (let j = i; j < close; j++) {
    const c = text.charCodeAt(j);
    if (c === 46 && !dot) dot = true;
    else if (c >= 48 && c <= 57) {
      digits++;
      if (dot) {
        frac = frac * 10 + (c - 48);
        scale *= 10;
      } else whole = whole * 10 + (c - 48);
    } else {
      digits = -1;
      break;
    }
  }
  if (digits > 0 && dot) {
    out.seconds = whole + frac / scale;
    return text.charCodeAt(close + 1) === 32 ? text.slice(close + 2) : text.slice(close + 1);
  }
  if (digits === -1 && text.charCodeAt(close - 5) === 32) {
    const w = WALL_BRACKET.exec(text);
    if (w) {
      out.wall = w[1] ?? '';
      return text.slice(w[0].length);
    }
  }
  return text;
}

// After a syslog/journal timestamp: `host kernel: text`, or `kernel: text` with no host. Lines of other
// programs (`host systemd[1]: ...`) are not kernel text: undefined.
function syslogRest(text: string, from: number): string | undefined {
  const rest = text.slice(from);
  const m = HOST_IDENT.exec(rest);
  if (!m) return undefined;
  if (m[1] !== undefined && m[1] !== 'kernel') return undefined;
  return rest.slice(m[0].length);
}

// Cheap test before the regex: `Mon DD HH:MM:SS` has a clock right after the first word and day.
function looksLikeSyslogTime(text: string): boolean {
  const sp = text.indexOf(' ');
  if (sp < 3 || sp > 12) return false;
  let j = sp + 1;
  if (text.charCodeAt(j) === 32) j++;
  while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  return text.charCodeAt(j) === 32 && text.charCodeAt(j + 3) === 58 && text.charCodeAt(j + 6) === 58;
}

// `prio,seq,usec,flags;` of a /dev/kmsg record, parsed by hand (every line of a kmsg dump has one):
// returns the offset of the text, or 0 when the line is not a record; sets the seconds.
function kmsgHeader(text: string, out: StrippedLine): number {
  let field = 0;
  let usec = 0;
  let digits = 0;
  const limit = Math.min(text.length, 80);
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
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
