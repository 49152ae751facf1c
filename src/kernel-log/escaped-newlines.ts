// rsyslog (the default of RHEL 7's /var/log/messages) escapes the control characters of a message as
// `#` and three octal digits, so a printk that held newlines (the Mem-Info summary is one) arrives as
// one line with `#012` where each break was. The parser reads each piece as the line it was.

const ESCAPED_LF = '#012';

/** A global pattern for the parser's TokenScanner (each stretch of a text searched once). */
export const ESCAPED_NEWLINE = /#012/g;

// Why: for a line in a string of its own (decoded from a container wrapper, or joined across chunks).
export function hasEscapedNewline(src: string, start: number, end: number): boolean {
  const at = src.indexOf(ESCAPED_LF, start);
  return at >= 0 && at + ESCAPED_LF.length <= end;
}

// Why: each piece of src[start, end) between `#012`s, in order, as the lines the kernel printed.
export function eachEscapedPiece(src: string, start: number, end: number, onPiece: (from: number, to: number) => void): void {
  let from = start;
  for (let at = src.indexOf(ESCAPED_LF, from); at >= 0 && at + ESCAPED_LF.length <= end; at = src.indexOf(ESCAPED_LF, from)) {
    onPiece(from, at);
    from = at + ESCAPED_LF.length;
  }
  onPiece(from, end);
}
