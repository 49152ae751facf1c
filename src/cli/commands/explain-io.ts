import { isAscii } from 'node:buffer';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { InputError, showValue } from '../../errors/input-error.js';

// `oomlab explain` streams: a log of any size in, events out as they complete. Both ends are sized for
// speed on big logs: the file is read into one reused buffer and decoded in 64 KiB pieces (strings that
// small live in V8's young generation, whose pages stay mapped; 1 MiB strings each take fresh pages,
// which on a VM with free page reporting costs a host fault per page), an all-ASCII piece (most of any
// kernel log) as Latin-1, several times faster than the UTF-8 decoder and the same text; and output is
// gathered into pieces of about the same size before each write, with the stream's backpressure respected.

const READ = 1 << 20;
const PIECE = 1 << 16;

// Why: the file as decoded text, read ahead into a reused buffer; the handle is closed at the end or
// when the reader stops early.
export async function* readLogFile(handle: FileHandle): AsyncGenerator<string> {
  const buffer = Buffer.allocUnsafe(READ);
  const decoder = new TextDecoder('utf-8');
  // True while the decoder holds no part of a character (its last piece ended in an ASCII byte).
  let clean = true;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ, null);
      if (bytesRead === 0) break;
      for (let at = 0; at < bytesRead; at += PIECE) {
        const piece = buffer.subarray(at, Math.min(at + PIECE, bytesRead));
        if (clean && isAscii(piece)) {
          yield piece.toString('latin1');
          continue;
        }
        const text = decoder.decode(piece, { stream: true });
        clean = (piece[piece.length - 1] as number) < 0x80;
        if (text) yield text;
      }
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } finally {
    await handle.close();
  }
}

/** Text for stdout, written in pieces of about 64 KiB. */
export class Output {
  private parts: string[] = [];
  private size = 0;
  private idle: NodeJS.Immediate | undefined;
  private drained: Promise<void> | undefined;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  // Why: callers add as they go; a piece is written when full, or as soon as the input pauses (so a
  // live source is not held back), and a full stream is waited for before more is gathered.
  async add(text: string): Promise<void> {
    if (this.drained) await this.drained;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= PIECE) this.write();
    else this.idle ??= setImmediate(() => this.write());
  }

  // Why: the end of the output: everything gathered is written and the stream has taken it.
  async flush(): Promise<void> {
    this.write();
    if (this.drained) await this.drained;
  }

  private write(): void {
    if (this.idle) clearImmediate(this.idle);
    this.idle = undefined;
    if (this.size === 0) return;
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text) && !this.drained) {
      this.drained = new Promise((resolve) =>
        this.stream.once('drain', () => {
          this.drained = undefined;
          resolve();
        }),
      );
    }
  }
}

// Why: the log argument of `explain` and `replay` (a file, or - for stdin), opened or refused in one line
// naming the argument (`arg`: how that command's usage names it).
export async function openLog(file: string, arg: string): Promise<AsyncIterable<string | Uint8Array>> {
  if (file === '-') return process.stdin;
  const expected = 'a readable kernel log file, or - for stdin';
  try {
    if ((await stat(file)).isDirectory()) throw new InputError(arg, expected, `the directory ${showValue(file)}`);
    return readLogFile(await open(file, 'r'));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(arg, expected, `${showValue(file)} (${(err as NodeJS.ErrnoException).code ?? 'an error'})`);
  }
}
