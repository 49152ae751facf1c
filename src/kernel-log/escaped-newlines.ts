// rsyslog (the default of RHEL 7's /var/log/messages) escapes the control characters of a message as
// `#` and three octal digits, so a printk that held newlines arrives as one line with `#012` where
// each break was. In an OOM report that printk is the Mem-Info summary (`active_anon:... #012
// active_file:...`), and only it is split: a process name may itself hold `#012` (any process sets its
// own), and splitting its kill or trigger line would hide the kill. No name fits before it: a name
// has at most 15 characters, and `active_anon:` and `#012` are 16.

const SUMMARY = 'active_anon:';
const ESCAPED_LF = '#012';

// Why: true for a Mem-Info summary line src[start, end) that rsyslog escaped; reads only the line.
export function isEscapedSummary(src: string, start: number, end: number): boolean {
  if (!src.startsWith(SUMMARY, start)) return false;
  for (let i = start + SUMMARY.length; i + ESCAPED_LF.length <= end; i++) if (src.charCodeAt(i) === 35 && src.startsWith(ESCAPED_LF, i)) return true;
  return false;
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
