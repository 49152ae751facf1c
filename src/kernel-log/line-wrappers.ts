// The outer layers a kernel line can come wrapped in before its own prefix: a container runtime's
// log line (CRI `2024-01-01T00:00:00.000000000Z stdout F text`, Docker json-file
// `{"log":"text\n","stream":"stdout","time":"..."}`), journalctl -o verbose's `    MESSAGE=text`
// field, and dmesg -x's facility and level (`kern  :warn  : text`). Each peels exactly its own
// layer and answers undefined when the line is not of its shape, so a kernel text that merely
// resembles one is left whole.

/** What a wrapper left: the inner line and the wall time it carried ('' when none). */
export interface Unwrapped {
  inner: string;
  wall: string;
}

const CRI = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) (?:stdout|stderr) [FP] /;

// Why: a pod that runs dmesg, or a log shipper reading /var/log/pods, hands over CRI lines.
export function unwrapCri(text: string): Unwrapped | undefined {
  const m = CRI.exec(text);
  return m ? { inner: text.slice(m[0].length), wall: m[1] ?? '' } : undefined;
}

// Why: Docker's json-file driver stores each line as one JSON object; only that exact shape is read.
export function unwrapDockerJson(text: string): Unwrapped | undefined {
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

// Why: `journalctl -o verbose` prints each entry as indented FIELD=value lines; MESSAGE is the text.
// The entry's header (`Fri 2026-12-04 09:00:31.494060 UTC [s=...]`) and other fields are not kernel text.
export function unwrapVerboseMessage(text: string): string | undefined {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === 0 || !text.startsWith(VERBOSE_MESSAGE, i)) return undefined;
  return text.slice(i + VERBOSE_MESSAGE.length);
}

const FACILITIES = new Set(['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'res0', 'res1', 'res2', 'res3', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7']);
const LEVELS = new Set(['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug']);

/** A `dmesg -x` decoration: the offset of the text after it, and whether the facility was the kernel's. */
export interface FacilityLevel {
  at: number;
  kernel: boolean;
}

// Why: `dmesg -x` puts `facility:level: ` (each padded, `kern  :warn  : `) before the time. Read by
// hand: both words must be the exact names dmesg prints, so no kernel text is taken for one.
export function facilityLevel(text: string): FacilityLevel | undefined {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  const facility = word(text, i);
  if (facility === undefined || !FACILITIES.has(facility.name)) return undefined;
  const level = word(text, facility.colon + 1);
  if (level === undefined || !LEVELS.has(level.name)) return undefined;
  let at = level.colon + 1;
  if (text.charCodeAt(at) === 32) at++;
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
