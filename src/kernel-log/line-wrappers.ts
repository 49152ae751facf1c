// The outer layers a kernel line can come wrapped in before its own prefix: a container runtime's
// log line (CRI `2024-01-01T00:00:00.000000000Z stdout F text`, Docker json-file
// `{"log":"text\n","stream":"stdout","time":"..."}`), journalctl -o verbose's `    MESSAGE=text`
// field, dmesg -x's facility and level (`kern  :warn  : text`) and Talos's (`kern: warning: [time]:
// text`). Each peels exactly its own layer and answers undefined (or -1) when the line is not of its
// shape, so a kernel text that merely resembles one is left whole. Lines are spans src[start, end) of a
// larger text, read in place.

/** What the Docker wrapper left: the inner line (a new string) and the wall time it carried. */
export interface Unwrapped {
  inner: string;
  wall: string;
}

const CRI = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) (?:stdout|stderr) [FP] /y;

// Why: a pod that runs dmesg, or a log shipper reading /var/log/pods, hands over CRI lines. Returns
// where the inner line starts (-1 when not CRI); `time.wall` receives the runtime's time.
export function unwrapCri(src: string, start: number, end: number, time: { wall: string }): number {
  CRI.lastIndex = start;
  const m = CRI.exec(src);
  if (!m || CRI.lastIndex > end) return -1;
  time.wall = m[1] ?? '';
  return CRI.lastIndex;
}

const DOCKER_LOG = '{"log":"';
const DOCKER_TAIL = /","stream":"(?:stdout|stderr)","time":"([^"\\\u0000-\u001f]*)"\}/y;

// Why: Docker's json-file driver stores each line as one JSON object; only that exact shape is read.
// The usual line (no escapes but the final `\n`) is cut in place; any other goes through JSON.parse.
export function unwrapDockerJson(src: string, start: number, end: number): Unwrapped | undefined {
  if (!src.startsWith(DOCKER_LOG, start) || src.charCodeAt(end - 1) !== 125) return undefined;
  const from = start + DOCKER_LOG.length;
  let quote = from;
  for (let c = src.charCodeAt(quote); quote < end && c !== 34 && c !== 92 && c >= 32; c = src.charCodeAt(++quote));
  if (src.startsWith('\\n"', quote)) {
    DOCKER_TAIL.lastIndex = quote + 2;
    const tail = DOCKER_TAIL.exec(src);
    if (tail && DOCKER_TAIL.lastIndex === end) return { inner: src.slice(from, quote), wall: tail[1] ?? '' };
  }
  return parseDockerJson(src.slice(start, end));
}

function parseDockerJson(text: string): Unwrapped | undefined {
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
// The entry's header (`Fri 2026-12-04 09:00:31.494060 UTC [s=...]`) and other fields are not kernel
// text. Returns where the message starts, or -1.
export function unwrapVerboseMessage(src: string, start: number, end: number): number {
  let i = start;
  while (i < end && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
  if (i === start || i + VERBOSE_MESSAGE.length > end || !src.startsWith(VERBOSE_MESSAGE, i)) return -1;
  return i + VERBOSE_MESSAGE.length;
}

const FACILITIES = new Set(['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'res0', 'res1', 'res2', 'res3', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7']);
const LEVELS = new Set(['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug']);

// Why: `dmesg -x` puts `facility:level: ` (each padded, `kern  :warn  : `) before the time. Read by
// hand: both words must be the exact names dmesg prints, so no kernel text is taken for one. Returns
// where the text after it starts, -1 when the line has no such decoration, -2 when the facility is
// not the kernel's (a user-space message written to /dev/kmsg).
export function facilityLevel(src: string, start: number, end: number): number {
  let i = start;
  while (i < end && src.charCodeAt(i) === 32) i++;
  const facility = word(src, i, end);
  if (facility === undefined || !FACILITIES.has(facility.name)) return -1;
  const level = word(src, facility.colon + 1, end);
  if (level === undefined || !LEVELS.has(level.name)) return -1;
  let at = level.colon + 1;
  if (at < end && src.charCodeAt(at) === 32) at++;
  if (isoBracket(src, at, end)) return -1; // Talos's `kern:    info: [2025-05-18T15:40:20Z]: `, not dmesg's
  return facility.name === 'kern' ? at : -2;
}

// `[YYYY-`: an RFC 3339 time in brackets, which dmesg -x never prints (its iso format has none).
function isoBracket(src: string, at: number, end: number): boolean {
  if (at + 6 > end || src.charCodeAt(at) !== 91 || src.charCodeAt(at + 5) !== 45) return false;
  for (let k = at + 1; k <= at + 4; k++) if (src.charCodeAt(k) < 48 || src.charCodeAt(k) > 57) return false;
  return true;
}

// A lowercase word (letters and digits) after optional spaces, then optional spaces and a colon.
function word(src: string, from: number, end: number): { name: string; colon: number } | undefined {
  let i = from;
  while (i < end && src.charCodeAt(i) === 32) i++;
  const start = i;
  for (let c = src.charCodeAt(i); i < end && ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)); c = src.charCodeAt(++i));
  if (i === start || i - start > 8) return undefined;
  const name = src.slice(start, i);
  while (i < end && src.charCodeAt(i) === 32) i++;
  return i < end && src.charCodeAt(i) === 58 ? { name, colon: i } : undefined;
}

/** Talos Linux's kernel log: machined's `%s: %7s: [%s]: %s` (facility, priority right-aligned to 7,
 *  RFC 3339 time with up to nanoseconds), with `<node>: ` before it when talosctl names the node (a
 *  host name or an address). */
const TALOS = / ?(?:[A-Za-z0-9.:%-]+: )?([a-z][a-z0-9]*): +(?:emerg|alert|crit|err|warning|notice|info|debug): \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))\]: ?/y;

// Why: `talosctl dmesg` (`172.20.1.2: kern: warning: [2025-05-18T15:40:20.654317542Z]: text`), pasted
// from Kubernetes nodes that run Talos (in issues often with one space before each line). Returns
// where the text starts (`time.wall` receives the time), -1 when the line is not of this shape, -2
// when its facility is not the kernel's (Talos's own `user:` messages). Tried only when the line's
// first word is of a node's characters and ends with a colon, as a node's or a facility's does, and
// (line-prefix.ts) only on lines no other prefix was found on.
export function unwrapTalos(src: string, start: number, end: number, time: { wall: string }): number {
  let i = src.charCodeAt(start) === 32 ? start + 1 : start;
  while (i < end && isNodeChar(src.charCodeAt(i))) i++;
  if (i >= end || src.charCodeAt(i) !== 32 || src.charCodeAt(i - 1) !== 58) return -1;
  TALOS.lastIndex = start;
  const m = TALOS.exec(src);
  if (!m || TALOS.lastIndex > end || !FACILITIES.has(m[1] ?? '')) return -1;
  if (m[1] !== 'kern') return -2;
  time.wall = m[2] ?? '';
  return TALOS.lastIndex;
}

// A character of a node's name or address as talosctl prints it (or of a facility and its colon).
function isNodeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 46 || c === 45 || c === 37;
}
