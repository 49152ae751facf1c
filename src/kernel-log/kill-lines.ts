import type { OomEvent, OomReaped, OomVictim } from './event.js';
import { digitsAfter, LINE_BREAK, lastLineBreak, nextLineBreak } from './line-scan.js';

// Matchers for the lines that name a victim: the old selection line (`Kill process N (x) score S`),
// the kill itself (`Killed process N (x) total-vm:...`) and the reaper's line. Names are free text (a
// process may call itself `a) score 1 or sacrifice child`), so each is read from its fixed tail back,
// once, in time linear in the line (see report-lines.ts for why no regex rescans a line here).

const ILL_PROCESS = 'ill process ';
const SCORE = ') score ';
/** `or sacrifice child` since 2.6.32; 2.6.31 and before: `or a child` (and a lowercase `kill process`). */
const SCORE_TAIL = /-?\d+ or (?:sacrifice|a) child/y;

/** The old (before 4.19... and RHEL) selection line, with where it came from. */
export interface Selection {
  pid: number;
  name: string;
  score: number;
  memcg: boolean;
}

// Why: `Out of memory: Kill process N (x) score S or sacrifice child` (2.6.31 and before: `kill
// process ... or a child`) is the only badness figure a report ever prints, and on old kernels it is
// the last line of the report. What /(?:^|: )[Kk]ill process (\d+) \((.*)\) score (-?\d+) or
// (?:sacrifice|a) child/ found: no match crosses a line break, so each stretch between breaks is read
// on its own.
export function matchSelection(text: string): Selection | undefined {
  for (let from = 0; from <= text.length; ) {
    const to = nextLineBreak(text, from);
    const found = selectionIn(text.slice(from, to), from === 0);
    if (found) return { ...found, memcg: text.startsWith('Memory cgroup out of memory') };
    from = to + 1;
  }
  return undefined;
}

// The selection in a stretch with no line break (`first`: it starts the text, where `^` matches). The
// name runs to the last `) score S or sacrifice child` (names may hold `) score `), so that is found
// once, from the end; the first `Kill process N (` (at the start or after `: `) before it is the one.
// `at` is where `ill process ` starts; the K (or k) is the character before it.
function selectionIn(line: string, first: boolean): Omit<Selection, 'memcg'> | undefined {
  let tail = -1;
  for (let at = line.lastIndexOf(SCORE); at >= 0; at = at > 0 ? line.lastIndexOf(SCORE, at - 1) : -1) {
    SCORE_TAIL.lastIndex = at + SCORE.length;
    if (SCORE_TAIL.test(line)) {
      tail = at;
      break;
    }
  }
  if (tail < 0) return undefined;
  for (let ill = line.indexOf(ILL_PROCESS, 1); ill > 0 && ill - 1 < tail; ill = line.indexOf(ILL_PROCESS, ill + 1)) {
    const k = line.charCodeAt(ill - 1);
    if (k !== 75 && k !== 107) continue;
    const at = ill - 1;
    if (at === 0 ? !first : at < 2 || !line.startsWith(': ', at - 2)) continue;
    const pidAt = ill + ILL_PROCESS.length;
    const pidEnd = digitsAfter(line, pidAt);
    if (pidEnd === pidAt || !line.startsWith(' (', pidEnd)) continue;
    if (pidEnd + 2 > tail) return undefined;
    const scoreAt = tail + SCORE.length;
    return { pid: Number(line.slice(pidAt, pidEnd)), name: line.slice(pidEnd + 2, tail), score: Number(line.slice(scoreAt, line.indexOf(' ', scoreAt))) };
  }
  return undefined;
}

const KILLED_PROCESS = 'Killed process ';

// Why: `Killed process N (x) total-vm:..kB, anon-rss:..kB, ...` is the kill itself and its sizes.
// RHEL 6 prints `Killed process N, UID U, (x) total-vm:...`, RHEL 7 `Killed process N (x), UID U,
// total-vm:...`, 2.4 to 2.6.1x `Out of Memory: Killed process N (x).` (no sizes). What /(?:^|: )Killed
// process (\d+),? (?:UID (\d+), )?\((.*)\)(?:\.|,? (?:UID (\d+), )?(total-vm:.*|vsz:.*))?$/ found: the match
// ends the line, so it lies after the last line break; the name runs to the last `)` that ends the line
// (or is followed by a last `.`) or opens the sizes, found once, and the first `Killed process` before it
// is the one.
export function matchKilled(text: string): { victim: OomVictim; memcg: boolean; global: boolean } | undefined {
  if (text.indexOf(KILLED_PROCESS) < 0) return undefined;
  const from = lastLineBreak(text, 0, text.length) + 1;
  const close = lastSizesParen(text, from);
  if (close < 0) return undefined;
  for (let at = text.indexOf(KILLED_PROCESS, from); at >= 0 && at < close; at = text.indexOf(KILLED_PROCESS, at + 1)) {
    if (at !== 0 && !(at - 2 >= from && text.startsWith(': ', at - 2))) continue;
    const nameAt = killedNameAt(text, at + KILLED_PROCESS.length);
    if (nameAt < 0) continue;
    if (nameAt > close) return undefined;
    const pidEnd = digitsAfter(text, at + KILLED_PROCESS.length);
    const victim: OomVictim = { pid: Number(text.slice(at + KILLED_PROCESS.length, pidEnd)), name: text.slice(nameAt, close) };
    const uidBefore = uidAfter(text, pidEnd + (text.charCodeAt(pidEnd) === 44 ? 2 : 1));
    if (uidBefore) victim.uid = uidBefore.uid;
    if (close + 2 < text.length) {
      let sizesAt = close + 2;
      if (text.charCodeAt(close + 1) === 44) {
        const uid = uidAfter(text, close + 3);
        if (uid) {
          victim.uid = uid.uid;
          sizesAt = uid.end + 2;
        }
      }
      readVictimSizes(text.slice(sizesAt), victim);
    }
    // `Out of Memory:` up to 2.6.1x
    return { victim, memcg: text.startsWith('Memory cgroup out of memory'), global: text.startsWith('Out of memory') || text.startsWith('Out of Memory') };
  }
  return undefined;
}

// The last `)` at or after `from` that ends the text (or is followed by a last `.`) or opens the sizes: ` total-vm:`, ` vsz:`, or
// RHEL 7's `, UID U, total-vm:` (or `vsz:`); -1 if none.
function lastSizesParen(text: string, from: number): number {
  if (text.length > from && text.charCodeAt(text.length - 1) === 41) return text.length - 1;
  // 2.4 to 2.6.1x: `Out of Memory: Killed process N (x).`
  if (text.length - 1 > from && text.endsWith(').')) return text.length - 2;
  let at = Math.max(text.lastIndexOf(') total-vm:'), text.lastIndexOf(') vsz:'));
  for (let u = text.lastIndexOf('), UID '); u > at; u = u > 0 ? text.lastIndexOf('), UID ', u - 1) : -1) {
    const uid = uidAfter(text, u + 3);
    if (uid && (text.startsWith(' total-vm:', uid.end + 1) || text.startsWith(' vsz:', uid.end + 1))) at = u;
  }
  return at >= from ? at : -1;
}

// `UID U,` at `at`: the uid and the offset of the comma; undefined when it is not there.
function uidAfter(text: string, at: number): { uid: number; end: number } | undefined {
  if (!text.startsWith('UID ', at)) return undefined;
  const end = digitsAfter(text, at + 4);
  if (end === at + 4 || text.charCodeAt(end) !== 44) return undefined;
  return { uid: Number(text.slice(at + 4, end)), end };
}

// After `Killed process `: `N (`, `N, (`, `N UID U, (` or `N, UID U, (`; where the name starts, or -1.
function killedNameAt(text: string, pidAt: number): number {
  let i = digitsAfter(text, pidAt);
  if (i === pidAt) return -1;
  if (text.charCodeAt(i) === 44) i++;
  if (text.charCodeAt(i) !== 32) return -1;
  i++;
  if (text.startsWith('UID ', i)) {
    const uidEnd = digitsAfter(text, i + 4);
    if (uidEnd > i + 4 && text.startsWith(', (', uidEnd)) return uidEnd + 3;
  }
  return text.charCodeAt(i) === 40 ? i + 1 : -1;
}

// The `total-vm:..kB, anon-rss:..kB, ...` part of a kill line.
function readVictimSizes(rest: string, victim: OomVictim): void {
  for (const [key, value] of keyValues(rest)) {
    switch (key) {
      case 'total-vm':
      case 'vsz':
        victim.totalVmKb = value;
        break;
      case 'anon-rss':
        victim.anonRssKb = value;
        break;
      case 'file-rss':
        victim.fileRssKb = value;
        break;
      case 'shmem-rss':
        victim.shmemRssKb = value;
        break;
      case 'UID':
        victim.uid = value;
        break;
      case 'pgtables':
        victim.pgtablesKb = value;
        break;
      case 'oom_score_adj':
        victim.oomScoreAdj = value;
        break;
    }
  }
}

const REAPED = 'oom_reaper: reaped process ';
const NOW = '), now ';

// Why: the reaper's line says the victim's memory was actually given back, and how much was left.
// What /^oom_reaper: reaped process (\d+) \((.*)\), now (.*)$/ found: the name runs to the last `), now `.
export function matchReaped(text: string): OomReaped | undefined {
  if (!text.startsWith(REAPED) || LINE_BREAK.test(text)) return undefined;
  const pidEnd = digitsAfter(text, REAPED.length);
  if (pidEnd === REAPED.length || !text.startsWith(' (', pidEnd)) return undefined;
  const at = text.lastIndexOf(NOW);
  if (at < pidEnd + 2) return undefined;
  const reaped: OomReaped = { pid: Number(text.slice(REAPED.length, pidEnd)), name: text.slice(pidEnd + 2, at) };
  for (const [key, value] of keyValues(text.slice(at + NOW.length))) {
    if (key === 'anon-rss') reaped.anonRssKb = value;
    else if (key === 'file-rss') reaped.fileRssKb = value;
    else if (key === 'shmem-rss') reaped.shmemRssKb = value;
  }
  return reaped;
}

// Every `key:value` (and optional `kB`) in order, as matchAll(/([A-Za-z_-]+):(-?\d+)(kB)?/g) lists them,
// but found from each `:` backwards: the regex tries every letter of a long word as a key's start.
function keyValues(text: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let last = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', Math.max(colon + 1, last))) {
    let keyAt = colon;
    while (keyAt > last && isKeyChar(text.charCodeAt(keyAt - 1))) keyAt--;
    if (keyAt === colon) continue;
    const sign = text.charCodeAt(colon + 1) === 45 ? 1 : 0;
    const valueEnd = digitsAfter(text, colon + 1 + sign);
    if (valueEnd === colon + 1 + sign) continue;
    out.push([text.slice(keyAt, colon), Number(text.slice(colon + 1, valueEnd))]);
    last = text.startsWith('kB', valueEnd) ? valueEnd + 2 : valueEnd;
  }
  return out;
}

// [A-Za-z_-]
function isKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

// Why: the reaper's line comes after its kill's (other kills may come between): it belongs to the
// latest recent event of that victim not yet reaped (never a repeat: that is the same kill). True: the line was the reaper's, matched or not.
export function attachReaped(recent: readonly OomEvent[], reaped: OomReaped): true {
  for (let i = recent.length - 1; i >= 0; i--) {
    const e = recent[i];
    if (e && !e.repeat && e.victim?.pid === reaped.pid && !e.reaped) {
      e.reaped = reaped;
      break;
    }
  }
  return true;
}
