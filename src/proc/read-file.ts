// Small /proc files read into one shared buffer.
//
// Why a shared buffer and kept-open descriptors: the sampler reads hundreds of /proc files every
// few milliseconds. /proc files are regenerated on every read, so an open descriptor re-read with
// pread(offset 0) gives fresh text; keeping it open saves an open and a close per read (on this
// VM each syscall costs microseconds), and reading into one preallocated Buffer that the parsers
// scan as bytes allocates nothing per read. An open /proc/<pid> descriptor also pins that process:
// once it exits the read fails with ESRCH, even if its pid number is reused.
import { closeSync, openSync, readSync } from 'node:fs';

/** The shared read buffer; every parser reads `shared.buf[0 .. len)` right after a read. */
export const shared = { buf: Buffer.allocUnsafe(64 * 1024) };

/** True for the errors that mean "the process (or file) is gone", not a fault of ours. */
function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ESRCH' || code === 'ENOENT';
}

/** Read one file from offset 0 into the shared buffer, growing it if the text filled it. */
function preadShared(fd: number): number {
  for (;;) {
    const { buf } = shared;
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n < buf.length) return n;
    shared.buf = Buffer.allocUnsafe(buf.length * 2);
  }
}

/** A /proc file opened once and re-read on demand; read() returns -1 once it is gone. */
export class ProcFile {
  private fd: number;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** Open `path`, or undefined when it does not exist (the process is already gone). */
  static open(path: string): ProcFile | undefined {
    try {
      return new ProcFile(openSync(path, 'r'));
    } catch (err) {
      if (isGone(err) || (err as NodeJS.ErrnoException).code === 'EACCES') return undefined;
      throw err;
    }
  }

  /** Fresh contents into `shared.buf`; the byte count, or -1 when the process has gone. */
  read(): number {
    if (this.fd < 0) return -1;
    try {
      const n = preadShared(this.fd);
      return n === 0 ? -1 : n;
    } catch (err) {
      if (isGone(err)) return -1;
      throw err;
    }
  }

  /** Release the descriptor; safe to call twice. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** One-shot read of a small file into the shared buffer; -1 when it does not exist or is gone. */
export function readShared(path: string): number {
  const file = ProcFile.open(path);
  if (!file) return -1;
  try {
    return file.read();
  } finally {
    file.close();
  }
}

/** One-shot read as text, for callers off the hot path (and tests). */
export function readText(path: string): string | undefined {
  const n = readShared(path);
  return n < 0 ? undefined : shared.buf.toString('latin1', 0, n);
}
