import { hasToken } from './line-filter.js';
import type { LineSpan } from './line-prefix.js';

// A pasted log is often wrapped: a mail client breaks long lines near 72 columns at a space (dropping
// it), a terminal at its width anywhere, mid-word included; the piece after the break arrives as a line
// of its own with no timestamp, syslog header or journal header. In a log whose lines carry times, such
// a line right after a timed one is the rest of it. The text parsers (parseKernelLog and
// parseKernelLogStream, option joinWrapped) therefore hold each timed line they would read until the
// next line shows whether it goes on, and read the joined line. A live reader of /dev/kmsg gets whole
// records, holds nothing and is never a line late. A log with no times at all (bare dmesg from before
// printk times, `journalctl -o cat`) gives no sign of where a line was broken and is read as it is.

/** A timed line read but not yet handled, and what it was read with. */
export interface HeldLine {
  text: string;
  seconds: number;
  wall: string;
  token: boolean;
  /** Length of the physical line the text came from, wrapper included (where it was broken). */
  width: number;
  pieces: number;
}

/** The parser's memory of the line before the current one, for joining wrapped pieces onto it. */
export class WrappedLines {
  /** A timed line read and not yet handled. */
  held: HeldLine | undefined;
  /** Inside a report, a timed line the line filter passed over (its rest may make it matter): by reference. */
  private readonly spare: HeldLine = { text: '', seconds: NaN, wall: '', token: false, width: 0, pieces: 0 };
  private passed = false;
  private passedSrc = '';
  private passedStart = 0;
  private passedEnd = 0;
  private passedSeconds = NaN;
  private passedWall = '';
  private passedWidth = 0;
  private width = 0;
  /** The widest line inside a report or read outside one: the lines every entry point and filter sees. */
  private widest = 0;
  private bare = false;

  // Why: pushSpan's physical line: its width, and whether its wrapper was at most a Markdown quote.
  line(src: string, start: number, end: number, span: LineSpan): void {
    this.width = end - start;
    this.bare = span.src === src && quoteOnly(src, start, span.start);
  }

  // Why: a timed line to read waits for the next.
  hold(text: string, seconds: number, wall: string, token: boolean): void {
    const held = this.spare; // one object, reused: take()'s caller is done with it before the next hold
    held.text = text;
    held.seconds = seconds;
    held.wall = wall;
    held.token = token;
    held.width = this.width;
    held.pieces = 0;
    this.held = held;
    this.widen();
  }

  // Why: the current line counts towards the widest (a terminal breaks lines at its width).
  widen(): void {
    if (this.width > this.widest) this.widest = this.width;
  }

  // Why: the held line, to handle now (the next line was not its rest).
  take(): HeldLine | undefined {
    const held = this.held;
    this.held = undefined;
    return held;
  }

  // Why: a timed line inside a report that the filter passed over, kept until the next line.
  passOver(s: string, start: number, end: number, seconds: number, wall: string): void {
    this.passed = true;
    this.passedSeconds = seconds;
    this.passedWall = wall;
    this.passedWidth = this.width;
    this.passedSrc = s;
    this.passedStart = start;
    this.passedEnd = end;
  }

  // Why: the line s[start, end) is the rest of the held line ('held': joined onto it), or of the line
  // passed over just before it (returned joined, to be read as one line); undefined when it is a line
  // of its own (then nothing before it can be joined any more).
  continues(s: string, start: number, end: number, untimed: boolean): 'held' | HeldLine | undefined {
    const passed = this.passed;
    this.passed = false;
    if (!untimed || !this.bare) return undefined;
    if (this.held) return joinPiece(this.held, s, start, end, this.width, this.widest) ? 'held' : undefined;
    if (!passed) return undefined;
    const text = this.passedSrc.slice(this.passedStart, this.passedEnd);
    const line: HeldLine = { text, seconds: this.passedSeconds, wall: this.passedWall, token: false, width: this.passedWidth, pieces: 0 };
    return joinPiece(line, s, start, end, this.width, this.widest) ? line : undefined;
  }
}

/** Nothing shorter than this was broken by a wrapper (mail clients wrap at 72 to 78 columns). */
const MIN_WIDTH = 60;
/** At most this wide: a mail client's break at a space, before a word that did not fit in 72. */
const MAIL_WIDTH = 80;
const MAIL_FILL = 72;
/** Deeper indentation is journalctl's rendering of a multi-line entry (or the kernel's own). */
const MAX_INDENT = 8;
/** Pieces joined onto one line at most (a kernel line is under 1 KiB; a terminal is 80+ wide). */
const MAX_PIECES = 16;

// Why: decides whether the untimed line s[start, end) (physically `width` long) is the rest of the
// held line, and joins it if so. A terminal breaks every line at its width, so a line it broke is as
// long as the longest line read so far (`widest`); a mail client breaks before a word that would have
// taken the line past 72 columns. Anything else after a timed line (a shell's `Killed`, grep's `--`,
// a fence, a comment) is a line of its own.
function joinPiece(held: HeldLine, s: string, start: number, end: number, width: number, widest: number): boolean {
  if (held.width < MIN_WIDTH || held.pieces >= MAX_PIECES || end <= start) return false;
  let indent = start;
  while (indent < end && (s.charCodeAt(indent) === 32 || s.charCodeAt(indent) === 9)) indent++;
  if (indent - start >= MAX_INDENT || !hasWordCharacter(s, indent, end)) return false;
  const terminal = held.width > MAIL_WIDTH && held.width >= widest;
  const mail = !terminal && held.width <= MAIL_WIDTH && indent === start && held.width + 1 + wordLength(s, start, end) > MAIL_FILL;
  if (!terminal && !mail) return false;
  // A mail client dropped the space it broke at; a terminal kept every character, spaces included.
  held.text = `${held.text}${mail ? ' ' : ''}${s.slice(start, end)}`;
  held.token ||= hasToken(s, start, end);
  held.width = width;
  held.pieces++;
  return true;
}

// Grep's `--`, a Markdown fence, a row of dashes: not the rest of a kernel line.
function hasWordCharacter(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) | 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return true;
  }
  return false;
}

function wordLength(s: string, start: number, end: number): number {
  let i = start;
  while (i < end && s.charCodeAt(i) !== 32) i++;
  return i - start;
}

// The stripper took nothing but a Markdown or mail quote (`> `, `> > `) off s[start, to).
function quoteOnly(s: string, start: number, to: number): boolean {
  for (let i = start; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 62 && c !== 32 && c !== 9) return false;
  }
  return true;
}
