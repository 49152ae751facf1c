/* eslint-disable */
// The string-based stripper of commit 8efe887, kept as the reference the span-based one in
// src/kernel-log/line-prefix.ts must agree with (test/kernel-log/strip-reference.test.ts). Added
// since, as the span-based one added them: `> ` quoting, journalctl short-unix, a bare `kernel: `,
// dmesg -H, -d and --time-format delta brackets, journalctl's json, json-seq, json-pretty and export,
// journalctl short-full (and with-unit), RFC 5424 syslog, a copier's time before a whole line, talosctl dmesg,
// OpenWrt's logread and BusyBox syslogd's facility.level.
/** What a wrapper left: the inner line and the wall time it carried ('' when none). */
interface Unwrapped {
  inner: string;
  wall: string;
}

const CRI = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) (?:stdout|stderr) [FP] /;

// Why: a pod that runs dmesg, or a log shipper reading /var/log/pods, hands over CRI lines.
function unwrapCri(text: string): Unwrapped | undefined {
  const m = CRI.exec(text);
  return m ? { inner: text.slice(m[0].length), wall: m[1] ?? '' } : undefined;
}

// Why: Docker's json-file driver stores each line as one JSON object; only that exact shape is read.
function unwrapDockerJson(text: string): Unwrapped | undefined {
  if (!text.startsWith('{"log":"') || text.charCodeAt(text.length - 1) !== 125) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const log = (value as { log?: unknown }).log;
  if (typeof log !== 'string') return undefined;
  const time = (value as { time?: unknown }).time;
  const inner = log.endsWith('\r\n') ? log.slice(0, -2) : log.endsWith('\n') ? log.slice(0, -1) : log;
  return { inner, wall: typeof time === 'string' ? time : '' };
}

const VERBOSE_MESSAGE = 'MESSAGE=';

/** A journal entry's text and times. */
interface JournalEntry extends Unwrapped {
  seconds: number;
}

// Why: `journalctl -o json` (and json-seq after its RS byte): one entry per line; null for an entry of
// another program.
function unwrapJournalJson(text: string): JournalEntry | null | undefined {
  if (!text.endsWith('}') || !text.includes('"__REALTIME_TIMESTAMP":')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, '__REALTIME_TIMESTAMP')) return undefined;
  const entry = value as Record<string, unknown>;
  const notKernel = (v: unknown) => typeof v === 'string' && v !== 'kernel';
  if (notKernel(entry._TRANSPORT) || notKernel(entry.SYSLOG_IDENTIFIER)) return null;
  const inner = journalMessage(entry.MESSAGE);
  if (inner === undefined) return null;
  const us = (v: unknown) => (typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : NaN);
  const realtime = us(entry.__REALTIME_TIMESTAMP);
  const wall = Number.isFinite(realtime) ? new Date(Math.floor(realtime / 1000)).toISOString().replace(/\.\d{3}Z$/, `.${String(realtime % 1e6).padStart(6, '0')}Z`) : '';
  return { inner, wall, seconds: us(entry._SOURCE_MONOTONIC_TIMESTAMP) / 1e6 };
}

function journalMessage(m: unknown): string | undefined {
  let text: string | undefined;
  if (typeof m === 'string') text = m;
  else if (Array.isArray(m) && m.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) text = Buffer.from(m as number[]).toString('utf8');
  // newlines back to /dev/kmsg's `\x0a`, but in the Mem-Info summary
  return text === undefined || text.startsWith('active_anon:') ? text : text.split('\n').join('\\x0a');
}

const PRETTY = /^[\t ]+"MESSAGE" : (.+?),?$/s;

// Why: `journalctl -o json-pretty`'s MESSAGE line.
function unwrapPrettyMessage(text: string): string | undefined {
  const m = PRETTY.exec(text);
  if (!m) return undefined;
  try {
    return journalMessage(JSON.parse(m[1] ?? ''));
  } catch {
    return undefined;
  }
}

// Why: `journalctl -o verbose` prints each entry as indented FIELD=value lines; MESSAGE is the text.
// The entry's header (`Fri 2026-12-04 09:00:31.494060 UTC [s=...]`) and other fields are not kernel text.
function unwrapVerboseMessage(text: string): string | undefined {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === 0 || !text.startsWith(VERBOSE_MESSAGE, i)) return undefined;
  return text.slice(i + VERBOSE_MESSAGE.length);
}

const FACILITIES = new Set(['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'res0', 'res1', 'res2', 'res3', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7']);
const LEVELS = new Set(['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug']);

/** A `dmesg -x` decoration: the offset of the text after it, and whether the facility was the kernel's. */
interface FacilityLevel {
  at: number;
  kernel: boolean;
}

// Why: `dmesg -x` puts `facility:level: ` (each padded, `kern  :warn  : `) before the time. Read by
// hand: both words must be the exact names dmesg prints, so no kernel text is taken for one.
function facilityLevel(text: string): FacilityLevel | undefined {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  const facility = word(text, i);
  if (facility === undefined || !FACILITIES.has(facility.name)) return undefined;
  const level = word(text, facility.colon + 1);
  if (level === undefined || !LEVELS.has(level.name)) return undefined;
  let at = level.colon + 1;
  if (text.charCodeAt(at) === 32) at++;
  if (/^\[\d{4}-/.test(text.slice(at))) return undefined; // Talos's time, not dmesg's
  return { at, kernel: facility.name === 'kern' };
}

// A lowercase word (letters and digits) after optional spaces, then optional spaces and a colon.
function word(text: string, from: number): { name: string; colon: number } | undefined {
  let i = from;
  while (text.charCodeAt(i) === 32) i++;
  const start = i;
  for (let c = text.charCodeAt(i); (c >= 97 && c <= 122) || (c >= 48 && c <= 57); c = text.charCodeAt(++i));
  if (i === start || i - start > 8) return undefined;
  const name = text.slice(start, i);
  while (text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 58 ? { name, colon: i } : undefined;
}

/** The text of a kernel line with its wrapper removed, and the times the wrapper carried. */
interface StrippedLine {
  text: string;
  /** Seconds since boot; NaN when the line had none. */
  seconds: number;
  /** Wall-clock time as printed; '' when the line had none. */
  wall: string;
}

const SYSLOG_TIME = /^[A-Za-z\u00c0-\uffff.]{3,12} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,9})? /;
const ISO_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S* /;
const FULL_TIME = /^[A-Za-z\u00c0-\uffff.]{2,12} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? \S{1,40} /;
const RFC5424 =
  /^1 (-|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) \S+ (\S+) \S+ \S+ (?:-|(?:\[(?:[^"\]]|"(?:[^"\\]|\\[\s\S])*")*\])+)(?= |$) ?\uFEFF?/;
const UNIX_TIME = /^\d{9,11}\.\d{1,9} /;
const HOST_IDENT = /^(?:kernel: ?|\S+ (?:[a-z0-9]+\.[a-z]+ )?([^\s:[]+)(?:\[\d+\])?: ?)/;
const CTIME = /^[A-Za-z\u00c0-\uffff.]{2,12} [A-Za-z\u00c0-\uffff.]{2,12} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4} /;
const KMSG_CONTINUATION = /^ [A-Z0-9_]+=/;
const WALL_BRACKET = /^\[([^\]]*\d\d:\d\d:\d\d[^\]]*)\] ?/;
/** journalctl -o short-monotonic: `[ 123.456789] host kernel: text`; only the kernel's own lines. A
 *  dmesg line whose own text began `word kernel: ` would lose those two words; no kernel message of
 *  an OOM report does. */
const MONOTONIC_HOST = /^[A-Za-z0-9][\w.-]* kernel: ?/;

/** Longest line the parser looks at: printk lines are under 1 KiB, so anything longer is not one. */
const MAX_LINE = 8192;

// Why: every input format reduces to (kernel text, seconds since boot, wall time) before parsing.
// Returns false for lines that are not kernel text (another syslog program, kmsg continuation lines).
export function referenceStrip(line: string, out: StrippedLine): boolean {
  out.seconds = NaN;
  out.wall = '';
  if (line.length > MAX_LINE) return false;
  let text = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
  while (text.charCodeAt(0) === 62) text = text.charCodeAt(1) === 32 ? text.slice(2) : text.slice(1);
  const c0 = text.charCodeAt(0);
  let outer: Unwrapped | undefined;
  let seconds = NaN;
  if (c0 === 123 || c0 === 30) {
    const journal = c0 === 123 && unwrapDockerJson(text) ? undefined : unwrapJournalJson(c0 === 30 ? text.slice(1) : text);
    if (journal === null) return false;
    outer = c0 === 123 ? (unwrapDockerJson(text) ?? journal) : journal;
    if (journal) seconds = journal.seconds;
  } else if (c0 >= 48 && c0 <= 57 && text.charCodeAt(4) === 45) outer = unwrapCri(text);
  else if (c0 === 32 || c0 === 9) {
    const message = unwrapVerboseMessage(text);
    const pretty = message === undefined ? unwrapPrettyMessage(text) : undefined;
    if (message !== undefined) text = message;
    else if (pretty !== undefined) outer = { inner: pretty, wall: '' };
    else if (c0 === 32 && KMSG_CONTINUATION.test(text)) return false;
  } else if (text.startsWith('MESSAGE=')) text = text.slice('MESSAGE='.length);
  if (outer) text = outer.inner.charCodeAt(outer.inner.length - 1) === 13 ? outer.inner.slice(0, -1) : outer.inner;
  if (!stripKernelPrefix(text, out)) return false;
  if (outer && out.wall === '') out.wall = outer.wall;
  if (!Number.isNaN(seconds) && Number.isNaN(out.seconds)) out.seconds = seconds;
  return true;
}

// The kernel line itself, once any container or journal layer is off.
const TALOS = /^ ?(?:[A-Za-z0-9.:%-]+: )?([a-z][a-z0-9]*): +(?:emerg|alert|crit|err|warning|notice|info|debug): \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))\]: ?/;
const TALOS_FACILITIES = /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|res[0-3]|local[0-7])$/;

function stripKernelPrefix(line: string, out: StrippedLine, depth = 0): boolean {
  let text = line;
  if (text.length === 0) {
    out.text = text;
    return true;
  }
  let c0 = text.charCodeAt(0);
  if (c0 === 32 || (c0 >= 97 && c0 <= 117)) {
    const decoration = facilityLevel(text);
    if (decoration) {
      if (!decoration.kernel) return false;
      text = text.slice(decoration.at);
      c0 = text.charCodeAt(0);
    } else if (text.startsWith('kernel: ')) {
      text = text.slice('kernel: '.length);
      c0 = text.charCodeAt(0);
    }
  }
  const bare = text;
  if (c0 >= 48 && c0 <= 57) {
    const k = kmsgHeader(text, out);
    const unix = k > 0 ? null : UNIX_TIME.exec(text);
    if (k > 0) {
      text = text.slice(k);
    } else if (unix) {
      const rest = syslogRest(text, unix[0].length);
      if (rest === undefined) return wrappedLine(text, unix[0].length, unix[0].slice(0, -1), out, depth);
      out.wall = unix[0].slice(0, -1);
      text = rest;
    } else {
      const iso = ISO_TIME.exec(text);
      if (iso) {
        const stamp = iso[0].slice(0, -1);
        // dmesg --time-format iso (`,` before the microseconds) has no host: the text follows.
        const rest = stamp.indexOf(',') > 0 ? text.slice(iso[0].length) : syslogRest(text, iso[0].length);
        if (rest === undefined) return wrappedLine(text, iso[0].length, stamp, out, depth);
        out.wall = stamp;
        text = rest;
      }
    }
  } else if (c0 >= 65 && c0 !== 91) {
    const full = looksLikeSyslogTime(text) ? null : FULL_TIME.exec(text);
    const s = looksLikeSyslogTime(text) ? SYSLOG_TIME.exec(text) : (full ?? CTIME.exec(text));
    if (full && text.startsWith('[s=', full[0].length)) return false; // journalctl -o verbose's entry header
    if (s) {
      const rest = syslogRest(text, s[0].length);
      if (rest === undefined) return wrappedLine(text, s[0].length, s[0].slice(0, -1), out, depth);
      out.wall = s[0].slice(0, -1);
      text = rest;
    }
  }
  // talosctl dmesg: only where nothing else was found (but `kernel: `, a name a node may have), and
  // never on a line starting with `[` or `<`
  if ((text === line || (text === bare && line.startsWith('kernel: '))) && !/^[[<]/.test(line)) {
    const talos = TALOS.exec(line);
    if (talos && TALOS_FACILITIES.test(talos[1] ?? '')) {
      if (talos[1] !== 'kern') return false;
      out.wall = talos[2] ?? '';
      out.text = line.slice(talos[0].length);
      return true;
    }
  }
  if (text.charCodeAt(0) === 60) {
    // `<6>` console level
    const end = text.indexOf('>');
    if (end > 1 && end < 5) text = text.slice(end + 1);
  }
  const rfc = RFC5424.exec(text);
  if (rfc) {
    if (rfc[2] !== 'kernel') return false;
    if (rfc[1] !== '-') out.wall = rfc[1] ?? '';
    text = text.slice(rfc[0].length);
  }
  if (text.charCodeAt(0) === 91) {
    const seconds = out.seconds;
    const stripped = stripBracket(text, out);
    if (stripped !== text) text = stripCallerId(stripped);
    if (Number.isNaN(seconds) && !Number.isNaN(out.seconds)) {
      const host = MONOTONIC_HOST.exec(text);
      if (host) text = text.slice(host[0].length);
    }
  }
  out.text = text;
  return true;
}

// A time not followed by `host kernel: `: another program's line, or (once) a copier's time before a
// whole kernel line whose own prefix is recognised (CI runner logs, `dmesg | ts`).
function wrappedLine(text: string, stampLength: number, stamp: string, out: StrippedLine, depth: number): boolean {
  if (depth > 0) return false;
  const inner = text.slice(stampLength);
  const got: StrippedLine = { text: '', seconds: NaN, wall: '' };
  if (!stripKernelPrefix(inner, got, depth + 1) || got.text === inner) return false;
  out.text = got.text;
  out.seconds = got.seconds;
  out.wall = got.wall === '' ? stamp : got.wall;
  return true;
}

// `[T10521]`, `[ T3106]`, `[    T399]` or `[C3]` right after the time: printk's caller id
// (CONFIG_PRINTK_CALLER), printed by the kernel console or by dmesg 2.40 as its own column.
function stripCallerId(text: string): string {
  if (text.charCodeAt(0) !== 91) return text;
  let i = 1;
  while (text.charCodeAt(i) === 32) i++;
  const kind = text.charCodeAt(i);
  if (kind !== 84 && kind !== 67) return text;
  const digitsFrom = ++i;
  while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (i === digitsFrom || i - digitsFrom > 10 || text.charCodeAt(i) !== 93) return text;
  return text.charCodeAt(i + 1) === 32 ? text.slice(i + 2) : text.slice(i + 1);
}

const PLUS_DELTA = /^\[ *[+-]\d+\.\d+\] ?/;
const DELTA_ONLY = /^\[ *< *-?\d+\.\d+>\] ?/;
const WITH_DELTA = /^\[ *([\d.]+) < *-?\d+\.\d+>\] ?/;
const MINUTE = /^\[([^\]\s][^\]]{0,22} \d\d:\d\d)\] ?/;

// `[ 123.456] ` (seconds since boot), `[Sat Nov 28 12:00:00 2026] ` (dmesg -T), the forms with a delta
// (`[ 123.456 <    0.000012>] `, `[<    0.000012>] `, `[Sat ... 2026 <    0.000012>] `) and dmesg -H's
// `[  +0.000012] ` and `[Dec 5 19:42] `; a task-table row `[  485]     0 ...` is left alone.
function stripBracket(text: string, out: StrippedLine): string {
  const plus = PLUS_DELTA.exec(text) ?? DELTA_ONLY.exec(text);
  if (plus) return text.slice(plus[0].length);
  const withDelta = WITH_DELTA.exec(text);
  const at = withDelta ? decimal(withDelta[1] ?? '') : undefined;
  if (withDelta && at !== undefined) {
    out.seconds = at;
    return text.slice(withDelta[0].length);
  }
  const close = text.indexOf(']');
  if (close < 2) return text;
  let i = 1;
  while (i < close && text.charCodeAt(i) === 32) i++;
  const seconds = decimal(text.slice(i, close));
  if (seconds !== undefined) {
    out.seconds = seconds;
    return text.charCodeAt(close + 1) === 32 ? text.slice(close + 2) : text.slice(close + 1);
  }
  const other = /[^\d.]|\..*\./.test(text.slice(i, close));
  if (other && (text.charCodeAt(close - 5) === 32 || text.charCodeAt(close - 1) === 62)) {
    const w = WALL_BRACKET.exec(text);
    if (w) {
      const wall = w[1] ?? '';
      out.wall = wall.endsWith('>') && wall.lastIndexOf(' <') > 0 ? wall.slice(0, wall.lastIndexOf(' <')) : wall;
      return text.slice(w[0].length);
    }
  }
  const m = MINUTE.exec(text);
  if (m) {
    out.wall = m[1] ?? '';
    return text.slice(m[0].length);
  }
  return text;
}

// `123.456`, `123.`, `.456`: digits and exactly one dot, at least one digit; its value, else undefined.
function decimal(s: string): number | undefined {
  if (!/^\d*\.\d*$/.test(s) || s.length < 2) return undefined;
  let whole = 0;
  let frac = 0;
  let scale = 1;
  let dot = false;
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 46) dot = true;
    else if (dot) {
      frac = frac * 10 + (c - 48);
      scale *= 10;
    } else whole = whole * 10 + (c - 48);
  }
  return whole + frac / scale;
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
