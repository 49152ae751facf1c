// rsyslog (the default of RHEL 7's /var/log/messages) escapes the control characters of a message as
// `#` and three octal digits, so a printk that held newlines arrives as one line with `#012` where
// each break was. In an OOM report that printk is the Mem-Info summary (`active_anon:... #012
// active_file:...`), and only it is split: a process name may itself hold `#012` (any process sets its
// own), and splitting its kill or trigger line would hide the kill. No name fits before it: a name
// has at most 15 characters, and `active_anon:` and `#012` are 16. journald keeps such a printk as one
// entry whose MESSAGE holds real newlines (`journalctl -o json`), split here in the same way and for the
// same reason only in the summary (journal-json.ts turns any other newline back into kmsg's `\x0a`).

const SUMMARY = 'active_anon:';
const ESCAPED_LF = '#012';

// Why: true for a Mem-Info summary line src[start, end) that holds its breaks; reads only the line.
export function isEscapedSummary(src: string, start: number, end: number): boolean {
  if (!src.startsWith(SUMMARY, start)) return false;
  for (let i = start + SUMMARY.length; i < end; i++) if (breakAt(src, i, end) > 0) return true;
  return false;
}

// Why: each piece of src[start, end) between `#012`s or newlines, in order, as the lines the kernel printed.
export function eachEscapedPiece(src: string, start: number, end: number, onPiece: (from: number, to: number) => void): void {
  let from = start;
  for (let i = start; i < end; i++) {
    const n = breakAt(src, i, end);
    if (n === 0) continue;
    onPiece(from, i);
    from = i + n;
    i = from - 1;
  }
  onPiece(from, end);
}

// The length of the break at src[i] (`#012` 4, a newline 1), or 0.
function breakAt(src: string, i: number, end: number): number {
  const c = src.charCodeAt(i);
  if (c === 10) return 1;
  return c === 35 && i + ESCAPED_LF.length <= end && src.startsWith(ESCAPED_LF, i) ? ESCAPED_LF.length : 0;
}
