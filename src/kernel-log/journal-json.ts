// journalctl's machine formats. `-o json` prints each entry as one JSON object per line (`-o json-seq`
// the same after an RS byte): the kernel's text is MESSAGE (a string, or an array of bytes when it is
// not valid UTF-8), its time since boot _SOURCE_MONOTONIC_TIMESTAMP (µs: the kernel's own printk time,
// for entries journald read from /dev/kmsg) and the wall clock __REALTIME_TIMESTAMP (µs since the
// epoch, printed here as UTC). An entry is not kernel text when its _TRANSPORT is not `kernel` (journald
// reading /dev/kmsg) or its SYSLOG_IDENTIFIER is not `kernel`, nor when it has no MESSAGE journalctl
// printed (`null`: over 4096 bytes without --all). `-o json-pretty` spreads an entry over lines
// (`\t"MESSAGE" : "text",`) and `-o export` prints `MESSAGE=text`: of those only the MESSAGE line is
// read, without a time, and whichever program's entry it is (the fields that say so may come after
// it), as of `-o verbose`; export also writes a MESSAGE holding a newline in binary (`MESSAGE`, then
// its length in 8 bytes), so the first line of a Mem-Info summary is lost there.

/** A journal entry's kernel text and times. */
export interface JournalEntry {
  inner: string;
  /** Seconds since boot; NaN when the entry had none. */
  seconds: number;
  wall: string;
}

const REALTIME = '"__REALTIME_TIMESTAMP":';
const PRETTY_MESSAGE = '"MESSAGE" : ';

// Why: `journalctl -o json` lines. Undefined when the line is not one; null when it is another
// program's entry.
export function unwrapJournalJson(src: string, start: number, end: number): JournalEntry | null | undefined {
  if (src.charCodeAt(end - 1) !== 125) return undefined;
  const text = src.slice(start, end); // searched as a line of its own: an unbounded indexOf made a JSON log quadratic
  if (!text.includes(REALTIME)) return undefined;
  let entry: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    entry = value as Record<string, unknown>;
    if (!Object.hasOwn(entry, '__REALTIME_TIMESTAMP')) return undefined;
  } catch {
    return undefined;
  }
  if (other(entry._TRANSPORT, 'kernel') || other(entry.SYSLOG_IDENTIFIER, 'kernel')) return null;
  const inner = messageText(entry.MESSAGE);
  if (inner === undefined) return null;
  return { inner, seconds: micros(entry._SOURCE_MONOTONIC_TIMESTAMP) / 1e6, wall: utc(micros(entry.__REALTIME_TIMESTAMP)) };
}

// Why: `journalctl -o json-pretty`'s `\t"MESSAGE" : "text",` line: the text, or undefined.
export function unwrapPrettyMessage(src: string, start: number, end: number): string | undefined {
  let i = start;
  while (i < end && (src.charCodeAt(i) === 9 || src.charCodeAt(i) === 32)) i++;
  if (i === start || !src.startsWith(PRETTY_MESSAGE, i) || i + PRETTY_MESSAGE.length >= end) return undefined;
  const to = src.charCodeAt(end - 1) === 44 ? end - 1 : end;
  try {
    return messageText(JSON.parse(src.slice(i + PRETTY_MESSAGE.length, to)));
  } catch {
    return undefined;
  }
}

function messageText(message: unknown): string | undefined {
  if (typeof message === 'string') return kmsgForm(message);
  if (!Array.isArray(message) || !message.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return undefined;
  return kmsgForm(Buffer.from(message as number[]).toString('utf8'));
}

// journald undoes /dev/kmsg's `\x0a` escapes. A newline is put back in that form everywhere but in the
// Mem-Info summary (split at its newlines: escaped-newlines.ts), so that a process whose name holds one
// (any process may name itself so) keeps its kill line whole.
function kmsgForm(text: string): string {
  return text.includes('\n') && !text.startsWith('active_anon:') ? text.replaceAll('\n', '\\x0a') : text;
}

function other(field: unknown, want: string): boolean {
  return typeof field === 'string' && field !== want;
}

function micros(field: unknown): number {
  return typeof field === 'string' && /^\d{1,16}$/.test(field) ? Number(field) : NaN;
}

// µs since the epoch as `2026-12-05T19:54:29.253260Z`; '' when there is none. Entries come many to a
// second, and Date's formatting was a sixth of a journal line's time: the last second's is kept.
let lastSecond = NaN;
let lastPrefix = '';
function utc(us: number): string {
  if (!Number.isFinite(us)) return '';
  const second = Math.floor(us / 1e6);
  if (second !== lastSecond) {
    lastPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    lastSecond = second;
  }
  return `${lastPrefix}.${String(us % 1e6).padStart(6, '0')}Z`;
}
