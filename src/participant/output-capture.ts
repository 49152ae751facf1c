import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { RuntimeOomScanner, type RuntimeOom } from './runtime-oom.js';
import { STREAM_LIMITS, StreamCapture, type StreamLimits } from './stream-capture.js';

// A participant process's stdout and stderr, from the pipes it was started with, whatever started it
// (spawn.ts today; a fork server may hand over the same two pipes). Both are drained as they arrive,
// so a chatty program never blocks on a full pipe; both feed the runtime-OOM scanner (runtime-oom.ts). With an
// output directory, the whole streams (each up to 8 MiB) go to `<dir>/<name>.stdout|.stderr`, one pair
// per process (`svc~1` after a restart), so the names are the instance names of the result.

/** What a process's output left for its result. */
export interface KeptOutput {
  stdoutTail: string[];
  stderrTail: string[];
  /** Streams longer than the file keeps (8 MiB); absent when neither was. */
  outputCut?: { stdout?: boolean; stderr?: boolean };
}

/** Where and how much to keep. */
export interface OutputOptions {
  /** Write the whole streams here (the directory exists). */
  dir?: string;
  limits?: StreamLimits;
  /** A file that could not be written (said once per file; the lines are still kept). */
  onFileError?: (file: string, err: unknown) => void;
}

// Why: one place owns a process's two streams, from its start to the verdict on how it ended.
export class ProcessOutput {
  private readonly scanner = new RuntimeOomScanner();
  private readonly out: StreamCapture;
  private readonly err: StreamCapture;
  private kept?: KeptOutput;
  /** Resolves when both streams have ended (EOF, error or destroyed). */
  readonly ended: Promise<void>;

  constructor(name: string, streams: { stdout: Readable | null; stderr: Readable | null }, opts: OutputOptions = {}) {
    const limits = opts.limits ?? STREAM_LIMITS;
    const file = (ext: string): string | undefined => (opts.dir === undefined ? undefined : join(opts.dir, `${name}.${ext}`));
    const onError = (f: string | undefined) => (err: unknown) => opts.onFileError?.(f ?? name, err);
    const outFile = file('stdout');
    const errFile = file('stderr');
    this.out = new StreamCapture(limits, (line) => this.scanner.feed(line, 'stdout'), outFile, onError(outFile));
    this.err = new StreamCapture(limits, (line) => this.scanner.feed(line, 'stderr'), errFile, onError(errFile));
    this.ended = Promise.all([drain(streams.stdout, this.out), drain(streams.stderr, this.err)]).then(() => undefined);
  }

  // Why: the harness stops listening (the process exited and its pipes ended, or a grace period
  // passed); what arrived until now is what is kept. Idempotent.
  finish(): KeptOutput {
    if (!this.kept) {
      const o = this.out.end();
      const e = this.err.end();
      this.kept = { stdoutTail: o.tail, stderrTail: e.tail };
      if (o.cut || e.cut) this.kept.outputCut = { ...(o.cut ? { stdout: true } : {}), ...(e.cut ? { stderr: true } : {}) };
    }
    return this.kept;
  }

  /** Whether stderr and the exit say the process's runtime ran out of heap (call after finish()). */
  runtimeOom(exit: { exitCode?: number; signal?: string }): RuntimeOom | undefined {
    return this.scanner.decide(exit);
  }
}

function drain(stream: Readable | null, into: StreamCapture): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => into.push(chunk));
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}
