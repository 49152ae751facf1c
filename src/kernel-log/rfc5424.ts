import { isSpace, type LineTimes } from './line-times.js';

// RFC 5424 syslog, as rsyslog writes it with RSYSLOG_SyslogProtocol23Format and syslog-ng with its
// syslog() destination, and as log collectors forward it:
//   <4>1 2026-12-05T19:54:29.253260+00:00 host kernel - - - [ 123.456] text
// PRI (taken off before, as a console level), VERSION 1, TIMESTAMP (or `-`), HOSTNAME, APP-NAME,
// PROCID, MSGID (each `-` when absent), STRUCTURED-DATA (`-` or `[id k="v" ...]` elements, in whose
// values `]`, `"` and `\` are escaped with `\`), then the message, which may start with a BOM. Only
// lines whose APP-NAME is `kernel` are kernel text.

const TIMESTAMP = /(?:-|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /y;
const BOM = 0xfeff;

// Why: the syslog format of RFC 5424 wraps a kernel line like RFC 3164's `host kernel:` does. From
// `at` on `1 `: where the message starts (and its time in out.wall), -1 for another program's line,
// -2 when the line is not of this shape.
export function rfc5424Rest(s: string, at: number, end: number, out: LineTimes): number {
  TIMESTAMP.lastIndex = at + 2;
  if (!TIMESTAMP.test(s) || TIMESTAMP.lastIndex > end) return -2;
  const stampEnd = TIMESTAMP.lastIndex - 1;
  let i = stampEnd + 1;
  const host = word(s, i, end);
  const app = host < 0 ? -1 : word(s, host + 1, end);
  const procid = app < 0 ? -1 : word(s, app + 1, end);
  const msgid = procid < 0 ? -1 : word(s, procid + 1, end);
  if (msgid < 0) return -2;
  i = structuredData(s, msgid + 1, end);
  if (i < 0) return -2;
  if (app - (host + 1) !== 6 || !s.startsWith('kernel', host + 1)) return -1;
  if (stampEnd - (at + 2) > 1) out.wall = s.slice(at + 2, stampEnd);
  if (i < end) i++; // the space before the message
  if (i < end && s.charCodeAt(i) === BOM) i++;
  return i;
}

// A field of non-space characters from `from`, followed by a space: where that space is, or -1.
function word(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && !isSpace(s.charCodeAt(i))) i++;
  return i > from && i < end && s.charCodeAt(i) === 32 ? i : -1;
}

// `-` or one or more `[...]` elements from `from`: where they end (at the line's end or a space), or -1.
function structuredData(s: string, from: number, end: number): number {
  let i = from;
  if (i >= end) return -1;
  if (s.charCodeAt(i) === 45) i++;
  else {
    if (s.charCodeAt(i) !== 91) return -1;
    while (i < end && s.charCodeAt(i) === 91) {
      let quoted = false;
      for (i++; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c === 92 && quoted) i++;
        else if (c === 34) quoted = !quoted;
        else if (c === 93 && !quoted) break;
      }
      if (i >= end) return -1;
      i++;
    }
  }
  return i === end || s.charCodeAt(i) === 32 ? i : -1;
}
