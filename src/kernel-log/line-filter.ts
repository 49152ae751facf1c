import type { ReportContext } from './report.js';

// Inside a report most lines (call traces, registers, `Hardware name:`, memcg stat blocks, journal
// fields) say nothing the parser keeps, and a dense log (a node whose journal is all OOM reports) is
// mostly such lines. Before a line is cut out of its text and handed to the matchers, this decides from
// the span in place whether any matcher could take it: its first character, its last, and whether it
// holds one of the strings every matcher that looks anywhere in a line needs. It may say yes too often
// (the matchers then decline), never no to a line a matcher would take: see line-filter.test.ts.

/** The strings a line needs for a matcher that does not go by the line's first character: the kill
 *  and selection lines (any text before `: Kill...`, `: kill process`), the trigger (any name; its
 *  `invoked oom-killer` holds `kill`), the old cpuset line. */
const TOKENS = /[Kk]ill|mems_allowed=/g;
const NEEDLES = ['kill', 'Kill', 'mems_allowed='] as const;
const NONE = Number.MAX_SAFE_INTEGER;

/** Finds a pattern's matches in one text, each stretch of it read once however many lines ask. */
export class TokenScanner {
  private next = -1;
  private readonly re: RegExp | undefined;
  /** Without a pattern: where the last char of each needle's next occurrence is (indexOf runs at
   *  memchr speed; the regex alternation above, scanning a dense report, is several times slower). */
  private readonly ends: number[] = NEEDLES.map(() => -1);

  /** `pattern`: a global regex; without one, the tokens above. */
  constructor(pattern?: RegExp) {
    this.re = pattern ? new RegExp(pattern.source, 'g') : undefined;
  }

  // Why: a new text (a chunk, the whole input) invalidates what was found in the last one.
  reset(): void {
    this.next = -1;
    this.ends.fill(-1);
  }

  // Why: true when src[start, end) holds a match. Lines must be asked in order through one text
  // (start never decreases until reset), so each search runs on to the next match once and the lines
  // up to it are answered from that.
  has(src: string, start: number, end: number): boolean {
    const re = this.re;
    if (!re) return this.hasNeedle(src, start, end);
    if (this.next < start) {
      re.lastIndex = start;
      this.next = re.test(src) ? re.lastIndex - 1 : NONE;
    }
    return this.next < end;
  }

  // Why: where the next match at or after `from` ends (-1: none), sharing the scan has() makes: the
  // whole-text parser skips to it, and the line after a held one must not scan the same stretch twice.
  nextFrom(src: string, from: number): number {
    if (this.has(src, from, NONE)) return this.next;
    return -1;
  }

  private hasNeedle(src: string, start: number, end: number): boolean {
    const ends = this.ends;
    for (let i = 0; i < NEEDLES.length; i++) {
      let last = ends[i] as number;
      if (last < start) {
        const needle = NEEDLES[i] as string;
        const at = src.indexOf(needle, start);
        last = at < 0 ? NONE : at + needle.length - 1;
        ends[i] = last;
      }
      if (last < end) return true;
    }
    return false;
  }
}

// Why: for a line in a string of its own (decoded from a container wrapper, or joined across chunks).
export function hasToken(src: string, start: number, end: number): boolean {
  TOKENS.lastIndex = start;
  return TOKENS.test(src) && TOKENS.lastIndex - 1 < end;
}

const PER_CPU = 'per-cpu:';

// Why: the start-of-line part of the decision: true when a report line could matter even without a
// token: any line of a Mem-Info block, a line ending `per-cpu:`, and the lines the matchers only take
// by their start (task-table header and rows, CPU:/Pid:, the memcg counters, oom-kill:, oom_reaper:,
// Task(s) in, Tasks state, Mem-Info:, Kernel panic). Checked on the first character, then the start.
export function mayMatterByShape(ctx: ReportContext, src: string, start: number, end: number): boolean {
  if (ctx.memInfo !== undefined && !ctx.completed) return true;
  if (end - start >= PER_CPU.length && src.startsWith(PER_CPU, end - PER_CPU.length)) return true;
  switch (src.charCodeAt(start)) {
    case 91: // [ pid ] header, [  485] rows (and, once the table is over its row cap, any [...] line)
      return true;
    case 67:
      return src.startsWith('CPU', start);
    case 80:
      return src.startsWith('Pid:', start);
    case 109:
      return src.startsWith('memory', start); // memory: usage, memory+swap: usage
    case 115:
      return src.startsWith('swap: ', start);
    case 107:
      return src.startsWith('kmem: ', start);
    case 111:
      return src.startsWith('oom', start); // oom-kill:, oom_reaper:
    case 84:
      return src.startsWith('Task', start); // Task in, Tasks in (memory.oom.group), Tasks state
    case 77:
      return src.startsWith('Mem-Info:', start);
    case 75:
      return src.startsWith('Kernel panic', start);
  }
  return false;
}
