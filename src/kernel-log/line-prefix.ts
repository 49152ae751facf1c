// One kernel log line can arrive in many wrappers: `[ 123.456] text` (dmesg), `[Sat Nov 28 12:00:00
// 2026] text` (dmesg -T), `[Dec 5 19:42] text` then `[  +0.000012] text` (dmesg -H, -e), `[ 123.456
// <    0.000012>] text` (dmesg -d), `2026-11-28T12:00:00,123456+00:00 text` (dmesg --time-format iso),
// `kern  :warn  : [...]` (dmesg -x), `[ 9422.457061][T10521] text` (printk caller ids), `node: kern:
// warning: [2025-05-18T15:40:20.654317542Z]: text` (talosctl dmesg: line-wrappers.ts),
// `Nov 28 12:00:00[.123456] host kernel: [ 123.456] text` (syslog, /var/log/messages, journalctl -k
// short and short-precise), `2026-11-28T12:00:00+00:00 host kernel: text` (RFC 3339 syslog,
// journalctl short-iso), `Sat 2026-11-28 12:00:00 UTC host kernel: text` (journalctl short-full and
// with-unit), `Mon Apr 12 18:29:48 2021 kern.warn kernel: text` (OpenWrt's logread; BusyBox syslogd's
// `Apr 12 18:29:48 host kern.warn kernel: `), `<4>1 2026-11-28T12:00:00.123456+00:00 host kernel - - -
// text` (RFC 5424 syslog: rfc5424.ts), `[ 123.456] host kernel: text` (journalctl short-monotonic),
// `1787068905.416344 host kernel: text` (journalctl short-unix), `kernel: text` (cut after the host),
// `    MESSAGE=text` (journalctl -o verbose), `{..."MESSAGE":"text"...}` (journalctl -o json, json-seq;
// json-pretty's and export's MESSAGE lines: journal-json.ts), `<6>[...]` (console level),
// `6,1234,5678,-;text` (/dev/kmsg records), a container runtime's line around any of these
// (line-wrappers.ts), any of them after a CI runner's or `ts`'s time (wrappedLine below), `> ` (quoted
// in Markdown), or nothing at all. This strips the wrapper and keeps the timestamps; each line is read on
// its own, so formats may be mixed in one file.
// It runs on every line of a big log, so it reads the line in place (a span of the whole text or chunk,
// no substring), dispatches on the first character, and keeps regexes off the common path.

import { unwrapJournalJson, unwrapPrettyMessage } from './journal-json.js';
import { facilityLevel, unwrapCri, unwrapDockerJson, unwrapTalos, unwrapVerboseMessage } from './line-wrappers.js';
import { kmsgHeader, STAMP_CTIME, STAMP_FULL, STAMP_SYSLOG, stampKind, stripBracket, syslogRest } from './line-times.js';
import { rfc5424Rest } from './rfc5424.js';

/** The text of a kernel line with its wrapper removed, and the times the wrapper carried. */
export interface StrippedLine {
  text: string;
  /** Seconds since boot; NaN when the line had none. */
  seconds: number;
  /** Wall-clock time as printed; '' when the line had none. */
  wall: string;
}

/** A stripped line as a span: its text is src[start, end). */
export interface LineSpan {
  src: string;
  start: number;
  end: number;
  seconds: number;
  wall: string;
  /** REL_MINUTE or REL_DELTA (line-times.ts) for a `dmesg -H` line, else 0. */
  rel: number;
}

const SYSLOG_TIME = /[A-Za-z\u00c0-\uffff.]{3,12} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,9})? /y;
const ISO_TIME = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S* /y;
/** journalctl -o short-full and with-unit: `Sat 2026-12-05 19:54:29 UTC host kernel: text`. */
const FULL_TIME = /[A-Za-z\u00c0-\uffff.]{2,12} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? \S{1,40} /y;
/** After a short-full time, the rest of `journalctl -o verbose`'s entry header (`[s=cursor;i=...]`). */
const VERBOSE_HEADER = '[s=';
/** OpenWrt's logread: `Mon Apr 12 18:29:48 2021 kern.warn kernel: [  267.720081] text` (ctime, then the
 *  facility and level where a host would be). */
const CTIME = /[A-Za-z\u00c0-\uffff.]{2,12} [A-Za-z\u00c0-\uffff.]{2,12} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4} /y;
const KMSG_CONTINUATION = / [A-Z0-9_]+=/y;
/** journalctl -o short-monotonic: `[ 123.456789] host kernel: text`; only the kernel's own lines. A
 *  dmesg line whose own text began `word kernel: ` would lose those two words; no kernel message of
 *  an OOM report does. */
const MONOTONIC_KERNEL = ' kernel:';
/** `journalctl -o export`: each field on a line of its own, the text in `MESSAGE=text`. */
const EXPORT_MESSAGE = 'MESSAGE=';
/** `kernel: text` with nothing before it (a syslog or journal line cut after its host). */
const BARE_KERNEL = 'kernel: ';

/** Longest line the parser looks at: printk lines are under 1 KiB, so anything longer is not one. */
export const MAX_LINE = 8192;

// Why: every input format reduces to (kernel text, seconds since boot, wall time) before parsing.
// Returns false for lines that are not kernel text (another syslog program, kmsg continuation lines).
export function stripLinePrefix(line: string, out: StrippedLine): boolean {
  const span = SCRATCH;
  const kept = stripSpan(line, 0, line.length, span);
  out.seconds = span.seconds;
  out.wall = span.wall;
  if (!kept) return false;
  out.text = span.start === 0 && span.end === span.src.length ? span.src : span.src.slice(span.start, span.end);
  return true;
}

const SCRATCH: LineSpan = { src: '', start: 0, end: 0, seconds: NaN, wall: '', rel: 0 };

// Why: the form the parsers use: one line src[start, end) (no newline) in, its text as a span of src
// (or of the string a container wrapper decoded) out, with no substring made on the common path.
export function stripSpan(src: string, start: number, end: number, out: LineSpan): boolean {
  out.seconds = NaN;
  out.wall = '';
  out.rel = 0;
  if (end - start > MAX_LINE) return false;
  let s = src;
  let at = start;
  let to = end > start && src.charCodeAt(end - 1) === 13 ? end - 1 : end;
  // `> ` before each line: a log quoted in Markdown (an issue, a mail), `> > ` when quoted twice
  while (at < to && s.charCodeAt(at) === 62) at += at + 1 < to && s.charCodeAt(at + 1) === 32 ? 2 : 1;
  const c0 = s.charCodeAt(at);
  let outerWall = '';
  let outerSeconds = NaN;
  if (c0 === 123 || c0 === 30) {
    const docker = c0 === 123 ? unwrapDockerJson(s, at, to) : undefined;
    const journal = docker ? undefined : unwrapJournalJson(s, c0 === 30 ? at + 1 : at, to);
    if (journal === null) return false;
    const outer = docker ?? journal;
    if (outer) {
      s = outer.inner;
      at = 0;
      to = s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.length - 1 : s.length;
      outerWall = outer.wall;
      if (journal) outerSeconds = journal.seconds;
    }
  } else if (c0 >= 48 && c0 <= 57 && s.charCodeAt(at + 4) === 45) {
    const time = { wall: '' };
    const inner = unwrapCri(s, at, to, time);
    if (inner >= 0) {
      at = inner;
      outerWall = time.wall;
      // the wrapped line's own CR (a CRLF kernel line inside a CR-ended CRI line), as after Docker's
      if (to > at && s.charCodeAt(to - 1) === 13) to--;
    }
  } else if (c0 === 32 || c0 === 9) {
    const message = unwrapVerboseMessage(s, at, to);
    const pretty = message < 0 ? unwrapPrettyMessage(s, at, to) : undefined;
    if (message >= 0) at = message;
    else if (pretty !== undefined) {
      s = pretty;
      at = 0;
      to = s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.length - 1 : s.length;
    } else if (c0 === 32 && sticky(KMSG_CONTINUATION, s, at, to)) return false;
  } else if (c0 === 77 && s.startsWith(EXPORT_MESSAGE, at) && at + EXPORT_MESSAGE.length <= to) {
    at += EXPORT_MESSAGE.length; // journalctl -o export
  }
  if (!stripKernelPrefix(s, at, to, out)) return false;
  if (outerWall !== '' && out.wall === '') out.wall = outerWall;
  if (!Number.isNaN(outerSeconds) && Number.isNaN(out.seconds)) out.seconds = outerSeconds;
  return true;
}

// The kernel line itself, once any container or journal layer is off. `depth`: 1 inside wrappedLine.
function stripKernelPrefix(s: string, start: number, end: number, out: LineSpan, depth = 0): boolean {
  out.src = s;
  out.end = end;
  let at = start;
  if (at >= end) {
    out.start = end;
    return true;
  }
  let c0 = s.charCodeAt(at);
  if (c0 === 32 || (c0 >= 97 && c0 <= 117)) {
    const decoration = facilityLevel(s, at, end);
    if (decoration === -2) return false;
    if (decoration >= 0) {
      at = decoration;
      c0 = s.charCodeAt(at);
    } else if (c0 === 107 && s.startsWith(BARE_KERNEL, at) && at + BARE_KERNEL.length <= end) {
      at += BARE_KERNEL.length;
      c0 = s.charCodeAt(at);
    }
  }
  const bare = at === start + BARE_KERNEL.length && s.startsWith(BARE_KERNEL, start) ? at : -1; // past `kernel: ` alone
  if (c0 >= 48 && c0 <= 57) {
    const k = kmsgHeader(s, at, end, out);
    const unix = k > 0 ? -1 : unixTimeEnd(s, at, end);
    if (k > 0) {
      at = k;
    } else if (unix > 0) {
      // journalctl -o short-unix: `1787068905.416344 host kernel: text`
      const rest = syslogRest(s, unix + 1, end);
      if (rest < 0) return wrappedLine(s, at, unix, end, out, depth);
      out.wall = s.slice(at, unix);
      at = rest;
    } else if (sticky(ISO_TIME, s, at, end)) {
      const stampEnd = ISO_TIME.lastIndex - 1;
      // dmesg --time-format iso (`,` before the microseconds) has no host: the text follows.
      let comma = at + 1;
      while (comma < stampEnd && s.charCodeAt(comma) !== 44) comma++;
      const rest = comma < stampEnd ? stampEnd + 1 : syslogRest(s, stampEnd + 1, end);
      if (rest < 0) return wrappedLine(s, at, stampEnd, end, out, depth);
      out.wall = s.slice(at, stampEnd);
      at = rest;
    }
  } else if (c0 >= 65 && c0 !== 91) {
    const kind = stampKind(s, at, end);
    const stamp = kind === STAMP_SYSLOG ? SYSLOG_TIME : kind === STAMP_FULL ? FULL_TIME : kind === STAMP_CTIME ? CTIME : undefined;
    if (stamp && sticky(stamp, s, at, end)) {
      const stampEnd = stamp.lastIndex - 1;
      if (kind === STAMP_FULL && s.startsWith(VERBOSE_HEADER, stampEnd + 1)) return false;
      const rest = syslogRest(s, stampEnd + 1, end);
      if (rest < 0) return wrappedLine(s, at, stampEnd, end, out, depth);
      out.wall = s.slice(at, stampEnd);
      at = rest;
    }
  }
  const first = s.charCodeAt(start);
  if ((at === start || at === bare) && first !== 91 && first !== 60) {
    // talosctl dmesg, looked for only where no other prefix was (a `kernel: ` aside: a node may have
    // that name), and never on a line that starts as dmesg's or a console level's do
    const talos = unwrapTalos(s, start, end, out);
    if (talos !== -1) {
      if (talos < 0) return false;
      out.start = talos;
      return true;
    }
  }
  if (s.charCodeAt(at) === 60 && at < end) {
    // `<6>` console level: the first `>`, at the 3rd to 5th character
    for (let k = at + 1; k < at + 5 && k < end; k++) {
      if (s.charCodeAt(k) === 62) {
        if (k > at + 1) at = k + 1;
        break;
      }
    }
  }
  if (s.charCodeAt(at) === 49 && s.charCodeAt(at + 1) === 32 && at + 1 < end) {
    // RFC 5424 syslog, its PRI just taken as a console level (or none)
    const msg = rfc5424Rest(s, at, end, out);
    if (msg === -1) return false;
    if (msg >= 0) at = msg;
  }
  if (at < end && s.charCodeAt(at) === 91) {
    const before = out.seconds;
    const bracket = at;
    at = stripBracket(s, at, end, out);
    // dmesg 2.40 prints the caller id after whichever time format it was asked for
    if (at !== bracket) at = stripCallerId(s, at, end);
    if (Number.isNaN(before) && !Number.isNaN(out.seconds)) at = stripMonotonicHost(s, at, end);
  }
  out.start = at;
  return true;
}

// A time at s[at, stampEnd) not followed by `host kernel: `: either another program's syslog line
// (false) or, once, a time put before a whole kernel line by something that copied it: a CI runner's
// log (GitHub Actions: `2026-12-05T19:54:01.0000037Z [41763.258838] text`), `dmesg | ts` (`Dec 05
// 19:54:01 [41763.258838] text`). Only a line whose own prefix is recognised (a dmesg time, a
// journal or syslog time, a level) is taken, so other programs' lines are still dropped; the kernel
// line's own wall time, if it has one, wins over the copier's.
function wrappedLine(s: string, at: number, stampEnd: number, end: number, out: LineSpan, depth: number): boolean {
  const from = stampEnd + 1;
  if (depth > 0 || !stripKernelPrefix(s, from, end, out, depth + 1) || out.start === from) return false;
  if (out.wall === '') out.wall = s.slice(at, stampEnd);
  return true;
}

// `[T10521]`, `[ T3106]`, `[    T399]` or `[C3]` right after the time: printk's caller id
// (CONFIG_PRINTK_CALLER), printed by the kernel console or by dmesg 2.40 as its own column.
function stripCallerId(s: string, at: number, end: number): number {
  if (at >= end || s.charCodeAt(at) !== 91) return at;
  let i = at + 1;
  while (i < end && s.charCodeAt(i) === 32) i++;
  const kind = s.charCodeAt(i);
  if (i >= end || (kind !== 84 && kind !== 67)) return at;
  const digitsFrom = ++i;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === digitsFrom || i - digitsFrom > 10 || i >= end || s.charCodeAt(i) !== 93) return at;
  return i + 1 < end && s.charCodeAt(i + 1) === 32 ? i + 2 : i + 1;
}

// `host kernel: ` after the time (journalctl -o short-monotonic): a host name ([A-Za-z0-9][\w.-]*),
// one space and `kernel:`, then an optional space.
function stripMonotonicHost(s: string, at: number, end: number): number {
  if (at >= end || !isAlnum(s.charCodeAt(at))) return at;
  let i = at + 1;
  for (let c = s.charCodeAt(i); i < end && (isAlnum(c) || c === 95 || c === 46 || c === 45); c = s.charCodeAt(++i));
  if (i + MONOTONIC_KERNEL.length > end || !s.startsWith(MONOTONIC_KERNEL, i)) return at;
  i += MONOTONIC_KERNEL.length;
  return i < end && s.charCodeAt(i) === 32 ? i + 1 : i;
}

// `1787068905.416344 ` (seconds since the epoch, as journalctl -o short-unix prints them): where the
// space after it is, or -1. Nine to eleven digits before the dot (1973 to 5138), one to nine after.
function unixTimeEnd(s: string, at: number, end: number): number {
  let i = at;
  while (i < end && i - at <= 11 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i - at < 9 || i - at > 11 || s.charCodeAt(i) !== 46) return -1;
  const frac = ++i;
  while (i < end && i - frac <= 9 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i > frac && i - frac <= 9 && i < end && s.charCodeAt(i) === 32 ? i : -1;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// A sticky regex tried at `at`; true when it matched within the line (lastIndex then ends the match).
function sticky(re: RegExp, s: string, at: number, end: number): boolean {
  re.lastIndex = at;
  return re.test(s) && re.lastIndex <= end;
}
