// Linear scans over one line of kernel text, shared by the line matchers: they stand in for regex
// parts (`(.*?)`, `\d+`, `.`) that would rescan a long adversarial line from many start positions.

/** The characters the regex `.` does not match. */
export const LINE_BREAK = /[\n\r\u2028\u2029]/;

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

// The last line break in text[from, to), or -1.
export function lastLineBreak(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (isLineBreak(text.charCodeAt(i))) return i;
  return -1;
}

// The first line break at or after `from`, or text.length.
export function nextLineBreak(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

// The end of the run of ASCII digits starting at `from` (`from` itself when there is none).
export function digitsAfter(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i;
}

// The start of the run of ASCII digits ending at `to` (`to` itself when there is none).
export function digitsBefore(text: string, to: number): number {
  let i = to;
  while (i > 0 && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57) i--;
  return i;
}

// What /open(.*?)close/ captures: the value after the first `open` up to the next `close`, unless a
// line break comes between (then the first `open` after the break). The regex rescans the rest of the
// line from every `open` when no `close` follows; here each stretch of the line is read at most twice.
export function between(text: string, open: string, close: string): string | undefined {
  let closeAt = -1;
  for (let at = text.indexOf(open); at >= 0; ) {
    const start = at + open.length;
    if (closeAt < start) closeAt = text.indexOf(close, start);
    if (closeAt < 0) return undefined;
    const cut = lastLineBreak(text, start, closeAt);
    if (cut < 0) return text.slice(start, closeAt);
    at = text.indexOf(open, cut + 1);
  }
  return undefined;
}
