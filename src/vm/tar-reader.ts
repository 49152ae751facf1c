import { closeSync, openSync, readSync } from 'node:fs';

// The guest's results arrive as a tar archive on a raw disk, and the guest is not trusted: a command
// run there may have replaced a result with a symbolic link to a host path, or (being root in the
// guest) written any bytes at all onto that disk. So the host never lets tar or the filesystem
// interpret the archive: this reader parses it as data, keeps regular files' bytes in memory, and
// refuses everything else by name (links, devices, fifos, names outside the archive, oversized
// files), saying what it refused. Nothing is ever written to or looked up on the host's disk.
// Formats: ustar and old (v7) headers, GNU long names ('L'); busybox tar writes these.

/** Bounds on what one archive may bring back. */
export interface TarLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxEntries: number;
}

/** What an archive held: regular files by name, and one line per entry or problem that was refused. */
interface TarContents {
  /** Regular files by their normalised relative name (a prototype-less object: any name is just a key). */
  files: Record<string, Buffer>;
  refused: string[];
}

const BLOCK = 512;
const LONG_NAME_MAX = 4096;
const TYPES: Record<string, string> = {
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a fifo',
  '7': 'a contiguous file',
  K: 'a long link name',
  x: 'a pax header',
  g: 'a pax global header',
};

// Why: the one way the host reads what a guest wrote onto the results disk.
export function readTarImage(path: string, limits: TarLimits): TarContents {
  const fd = openSync(path, 'r');
  try {
    return readTar((buf, at) => readSync(fd, buf, 0, buf.length, at), limits);
  } finally {
    closeSync(fd);
  }
}

/** Reads `buf.length` bytes at `at`; returns how many it got (fewer at the end). */
type ReadAt = (buf: Buffer, at: number) => number;

// Why: the parser itself, over any byte source (a disk image, a buffer in a test).
export function readTar(readAt: ReadAt, limits: TarLimits): TarContents {
  const files: Record<string, Buffer> = Object.create(null) as Record<string, Buffer>;
  const refused: string[] = [];
  const header = Buffer.alloc(BLOCK);
  let at = 0;
  let total = 0;
  let entries = 0;
  let longName: string | undefined;
  for (;;) {
    if (readAt(header, at) < BLOCK) break; // the disk ended without an end-of-archive block
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) {
      refused.push(`archive: a damaged header at byte ${at} (reading stopped there)`);
      break;
    }
    if (++entries > limits.maxEntries) {
      refused.push(`archive: more than ${limits.maxEntries} entries (the rest was not read)`);
      break;
    }
    let size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156]!);
    const dataAt = at + BLOCK;
    at = dataAt + Math.ceil((size ?? 0) / BLOCK) * BLOCK;
    const rawName = longName ?? entryName(header);
    longName = undefined;
    const name = normalise(rawName);
    const shown = printable(name ?? rawName);
    if (size === undefined) {
      refused.push(`${shown}: a size that cannot be read (reading stopped there)`);
      break;
    }
    if (type === 'L') {
      if (size > LONG_NAME_MAX) refused.push(`archive: a long name of ${size} bytes (over ${LONG_NAME_MAX}; ignored)`);
      else longName = readBytes(readAt, dataAt, size).toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === '5') continue; // a directory: its files carry their own paths
    // A hard link names an earlier entry of this archive, never a host path: its bytes are copied.
    const linked = type === '1' ? normalise(field(header, 157, 100)) : undefined;
    if (type === '1' && (linked === undefined || !(linked in files))) {
      refused.push(`${shown}: a hard link to something that is not a file of this archive (refused)`);
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '1') {
      refused.push(`${shown}: ${TYPES[type] ?? `an entry of type ${printable(type)}`} (refused)`);
      continue;
    }
    if (name === undefined) {
      refused.push(`${shown}: a name outside the results (absolute, empty or with ..) (refused)`);
      continue;
    }
    if (linked !== undefined) size = files[linked]!.length;
    if (size > limits.maxFileBytes) {
      refused.push(`${shown}: ${size} bytes, over the limit of ${limits.maxFileBytes} per file (refused)`);
      continue;
    }
    if (total + size > limits.maxTotalBytes) {
      refused.push(`${shown}: over the limit of ${limits.maxTotalBytes} bytes in all (refused)`);
      continue;
    }
    const data = linked !== undefined ? files[linked]! : readBytes(readAt, dataAt, size);
    if (data.length < size) {
      refused.push(`${shown}: cut short by the end of the disk (refused)`);
      break;
    }
    if (name in files) refused.push(`${shown}: appears twice (the last copy is kept)`);
    files[name] = data;
    total += size;
  }
  return { files, refused };
}

function readBytes(readAt: ReadAt, at: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  return size === 0 ? buf : buf.subarray(0, readAt(buf, at));
}

function field(h: Buffer, at: number, len: number): string {
  const end = h.indexOf(0, at);
  return h.toString('utf8', at, end < 0 || end > at + len ? at + len : end);
}

function entryName(h: Buffer): string {
  const name = field(h, 0, 100);
  const ustar = h.toString('latin1', 257, 262) === 'ustar';
  const prefix = ustar ? field(h, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

// An octal number, NUL- or space-terminated; undefined for anything else (base-256 sizes included:
// nothing a results disk holds is that large).
function octal(h: Buffer, at: number, len: number): number | undefined {
  const text = h.toString('latin1', at, at + len).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]{1,12}$/.test(text)) return text === '' ? 0 : undefined;
  return Number.parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  const stored = octal(h, 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

// A relative name with no `.`/`..` tricks, or undefined. `./a//b/` becomes `a/b`.
function normalise(name: string): string | undefined {
  if (name.startsWith('/') || name.includes('\0')) return undefined;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return parts.join('/');
}

// Why: a name the guest chose, fit to print in one line (controls shown as ?, at most 200 characters).
export function printable(name: string): string {
  const clean = name.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}...` : clean;
}
