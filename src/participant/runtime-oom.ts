// A process whose own runtime ran out of heap exits on its own, and says so on stderr: that is a
// different fix (raise -Xmx / --max-old-space-size, find the leak) from a kernel OOM kill (raise the
// cgroup's limit). The scanner sees every stderr line as it streams by (a Go or Java dump can run to
// thousands of lines after the deciding one, so a tail is not enough); the decision waits for the
// exit, because a line alone proves nothing (a program may log "MemoryError" and carry on) and an exit
// code alone proves nothing either (134 is any abort). Each runtime has its line and its exit:
//   node    FATAL ERROR: ... Allocation failed - JavaScript heap out of memory   SIGABRT (134 via a shell)
//   java    java.lang.OutOfMemoryError (uncaught: exit 1; -XX:+ExitOnOutOfMemoryError: 3;
//           -XX:+CrashOnOutOfMemoryError: SIGABRT). HotSpot prints its own `Terminating due to
//           java.lang.OutOfMemoryError` on stdout, so for Java alone stdout lines count too.
// The deciding line is the line itself, as the process printed it (cut to 512 characters).
//   python  MemoryError as the last line, after a traceback                     exit 1
//   go      fatal error: runtime: out of memory (or: out of memory ...)          exit 2 (SIGABRT with GOTRACEBACK=crash)

import type { Runtime } from '../scenario/runtimes.js';

export { RUNTIMES, type Runtime } from '../scenario/runtimes.js';

/** The verdict: which runtime, and the stderr line that decided it. */
export interface RuntimeOom {
  runtime: Runtime;
  line: string;
}

/** How the process ended. */
interface ExitFacts {
  exitCode?: number;
  signal?: string;
}

/** Lines longer than this are judged on their start (every runtime's message is short and starts the line). */
const JUDGED_CHARS = 512;

const NODE = /^FATAL ERROR: .*Allocation failed - (JavaScript heap|process) out of memory/;
const JAVA = /(^|[\s:"])java\.lang\.OutOfMemoryError\b/;
const PYTHON = /^(\w+\.)*MemoryError(: .*)?$/;
const GO = /^fatal error: (runtime: )?out of memory\b/;

const abort = (e: ExitFacts): boolean => e.signal === 'SIGABRT' || (e.signal === undefined && e.exitCode === 134);
const code = (e: ExitFacts, ...codes: number[]): boolean => e.signal === undefined && e.exitCode !== undefined && codes.includes(e.exitCode);

/** Which exit goes with each runtime's line. */
const EXITS: Record<Runtime, (e: ExitFacts) => boolean> = {
  node: abort,
  java: (e) => code(e, 1, 3) || abort(e),
  python: (e) => code(e, 1),
  go: (e) => code(e, 2) || abort(e),
};

// Why: one pass over stderr keeps what the decision needs, in constant memory: each runtime's last
// deciding line (and where it came), and the last non-empty line (Python's traceback ends there).
export class RuntimeOomScanner {
  private readonly last = new Map<Runtime, { line: string; at: number }>();
  private lines = 0;
  private lastLine = '';
  private traceback = false;

  /** One line of stderr (or of stdout, where only Java's lines count), without its newline. */
  feed(raw: string, stream: 'stderr' | 'stdout' = 'stderr'): void {
    const line = (raw.length > JUDGED_CHARS ? raw.slice(0, JUDGED_CHARS) : raw).trimEnd();
    if (line === '') return;
    this.lines++;
    if (stream === 'stdout') {
      if (line.includes('emory') && JAVA.test(line)) this.last.set('java', { line, at: this.lines });
      return;
    }
    this.lastLine = line;
    if (line === 'Traceback (most recent call last):') this.traceback = true;
    // A cheap test first: nearly every line has none of the words (OutOfMemoryError, MemoryError, out of memory).
    if (!line.includes('emory')) return;
    const runtime = NODE.test(line) ? 'node' : JAVA.test(line) ? 'java' : GO.test(line) ? 'go' : undefined;
    if (runtime) this.last.set(runtime, { line, at: this.lines });
  }

  // Why: the decision, once the exit is known: the latest deciding line whose runtime's exit it is.
  decide(exit: ExitFacts): RuntimeOom | undefined {
    const candidates: Array<RuntimeOom & { at: number }> = [];
    for (const [runtime, seen] of this.last) if (EXITS[runtime](exit)) candidates.push({ runtime, ...seen });
    if (this.traceback && PYTHON.test(this.lastLine) && EXITS.python(exit)) candidates.push({ runtime: 'python', line: this.lastLine, at: this.lines });
    const best = candidates.sort((a, b) => b.at - a.at)[0];
    return best ? { runtime: best.runtime, line: best.line } : undefined;
  }
}

// Why: the same decision on whole captured streams (tests, output read back from files).
export function recogniseRuntimeOom(stderr: string, exit: ExitFacts, stdout = ''): RuntimeOom | undefined {
  const scanner = new RuntimeOomScanner();
  for (const line of stdout.split('\n')) scanner.feed(line.replace(/\r$/, ''), 'stdout');
  for (const line of stderr.split('\n')) scanner.feed(line.replace(/\r$/, ''));
  return scanner.decide(exit);
}
