import { closeSync, openSync, writeSync } from 'node:fs';

// One output stream of a participant's process, kept in bounded memory whatever it sends: the last
// lines (each cut to a length) for the result, and, on request, the whole stream written to a file as
// it arrives, up to a size, with a note at the end when it went on past that. Bytes that are not UTF-8
// become U+FFFD in the lines (the file keeps the bytes as they came). Nothing here waits on the
// process: chunks are taken as they arrive and the file is written synchronously, a chunk at a time.

/** How much one stream keeps. */
export interface StreamLimits {
  /** Lines kept for the result (the last ones). */
  tailLines: number;
  /** Characters kept of one line; the rest is counted, not kept. */
  lineChars: number;
  /** Bytes written to the file; the rest is counted, not written. */
  fileBytes: number;
}

/** The defaults: 64 lines of up to 1000 characters, 8 MiB in the file. */
export const STREAM_LIMITS: StreamLimits = { tailLines: 64, lineChars: 1000, fileBytes: 8 * 2 ** 20 };

/** What was kept of a stream when it ended. */
export interface KeptStream {
  /** Its last lines, newest last. */
  tail: string[];
  /** All the bytes it sent. */
  bytes: number;
  /** It sent more than the file keeps. */
  cut: boolean;
}

// Why: a participant's stdout or stderr, kept as lines and (optionally) a file, never unbounded.
export class StreamCapture {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly lines: string[] = [];
  private partial = '';
  private dropped = 0;
  private fd: number | undefined;
  private written = 0;
  private bytes = 0;
  private ended = false;

  constructor(
    private readonly limits: StreamLimits = STREAM_LIMITS,
    /** Called with each whole line as it completes (cut to `lineChars`), e.g. a runtime-OOM scanner. */
    private readonly onLine?: (line: string) => void,
    /** Where the whole stream goes (created or truncated now). */
    file?: string,
    /** Called once if writing the file fails (a full disk); the lines are still kept. */
    private readonly onFileError?: (err: unknown) => void,
  ) {
    if (file !== undefined) this.fd = this.guard(() => openSync(file, 'w'));
  }

  /** One chunk, as the pipe delivered it. */
  push(chunk: Buffer): void {
    if (this.ended) return;
    this.bytes += chunk.length;
    this.toFile(chunk);
    const text = this.decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.add(text, from, nl);
      this.completeLine();
      from = nl + 1;
    }
    this.add(text, from, text.length);
  }

  /** The stream ended (or the harness stopped reading it): the last partial line counts, the file is closed. */
  end(): KeptStream {
    if (!this.ended) {
      this.ended = true;
      this.add(this.decoder.decode(), 0, undefined);
      if (this.partial !== '' || this.dropped > 0) this.completeLine();
      if (this.fd !== undefined && this.cut) {
        const fd = this.fd;
        this.guard(() => writeSync(fd, `\n[oomlab: output cut here: the first ${this.limits.fileBytes} of ${this.bytes} bytes are kept]\n`));
      }
      if (this.fd !== undefined) {
        const fd = this.fd;
        this.fd = undefined;
        try {
          closeSync(fd);
        } catch (err) {
          this.onFileError?.(err);
        }
      }
    }
    return { tail: [...this.lines], bytes: this.bytes, cut: this.cut };
  }

  private get cut(): boolean {
    return this.bytes > this.limits.fileBytes;
  }

  private add(text: string, from: number, to: number | undefined): void {
    const end = to ?? text.length;
    const room = this.limits.lineChars - this.partial.length;
    const take = Math.max(0, Math.min(room, end - from));
    if (take > 0) this.partial += text.slice(from, from + take);
    this.dropped += end - from - take;
  }

  private completeLine(): void {
    let line = this.partial.endsWith('\r') && this.dropped === 0 ? this.partial.slice(0, -1) : this.partial;
    this.onLine?.(line);
    if (this.dropped > 0) line += ` [... ${this.dropped} more characters]`;
    this.lines.push(line);
    if (this.lines.length > this.limits.tailLines) this.lines.shift();
    this.partial = '';
    this.dropped = 0;
  }

  private toFile(chunk: Buffer): void {
    if (this.fd === undefined || this.written >= this.limits.fileBytes) return;
    const part = chunk.length <= this.limits.fileBytes - this.written ? chunk : chunk.subarray(0, this.limits.fileBytes - this.written);
    const fd = this.fd;
    for (let off = 0; off < part.length && this.fd !== undefined; ) off += this.guard(() => writeSync(fd, part, off)) ?? part.length;
    this.written += part.length;
  }

  // A file that cannot be written stops being written (said once); the capture itself goes on.
  private guard<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (err) {
      if (this.fd !== undefined) {
        const fd = this.fd;
        this.fd = undefined;
        try {
          closeSync(fd);
        } catch {
          // already failing; the first error is the one reported
        }
      }
      this.onFileError?.(err);
      return undefined;
    }
  }
}
