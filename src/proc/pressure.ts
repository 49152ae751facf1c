// PSI (pressure stall information): "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and a
// "full ..." line. The same format serves /proc/pressure/memory (host) and a v2 cgroup's
// memory.pressure. Kernels without CONFIG_PSI (or booted psi=0) have no such file: undefined.
import { cur, keyBytes, matchKey, nextLine, readDecimal, readUint } from './bytes.js';
import { readShared, shared } from './read-file.js';

/** One PSI line: stall shares in percent over 10/60/300 s, and the total stall time in us. */
interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  totalUs: number;
}

/** Both lines; `full` is absent on kernels that print only "some". */
export interface Psi {
  some: PsiLine;
  full?: PsiLine;
}

const LINES = keyBytes(['some ', 'full ']);
const FIELDS = keyBytes(['avg10=', 'avg60=', 'avg300=', 'total=']);

function parseLine(buf: Uint8Array, from: number, end: number): PsiLine {
  const line: PsiLine = { avg10: NaN, avg60: NaN, avg300: NaN, totalUs: NaN };
  let at = from;
  while (at < end) {
    while (at < end && buf[at] === 0x20) at++;
    const f = matchKey(buf, at, end, FIELDS);
    if (f >= 0) {
      cur.pos = at + FIELDS[f]!.length;
      if (f === 0) line.avg10 = readDecimal(buf, end);
      else if (f === 1) line.avg60 = readDecimal(buf, end);
      else if (f === 2) line.avg300 = readDecimal(buf, end);
      else line.totalUs = readUint(buf, end);
      at = cur.pos;
    } else {
      while (at < end && buf[at] !== 0x20) at++;
    }
  }
  return line;
}

/** Parse PSI bytes; undefined when there is no "some" line. */
export function parsePsi(buf: Uint8Array, len: number): Psi | undefined {
  let some: PsiLine | undefined;
  let full: PsiLine | undefined;
  let at = 0;
  while (at < len) {
    const next = nextLine(buf, at, len);
    const end = buf[next - 1] === 0x0a ? next - 1 : next;
    const k = matchKey(buf, at, end, LINES);
    if (k === 0) some = parseLine(buf, at + 5, end);
    if (k === 1) full = parseLine(buf, at + 5, end);
    at = next;
  }
  if (!some) return undefined;
  return full ? { some, full } : { some };
}

/** Parse PSI text (tests, fixtures, a cgroup's memory.pressure). */
export function parsePsiText(text: string): Psi | undefined {
  const b = Buffer.from(text, 'latin1');
  return parsePsi(b, b.length);
}

/** Read a PSI file (default: the host's memory pressure); undefined when it does not exist. */
export function readPsi(path = '/proc/pressure/memory'): Psi | undefined {
  const n = readShared(path);
  return n > 0 ? parsePsi(shared.buf, n) : undefined;
}
