import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import { HOG_EXIT } from '../engine/contract.js';
import { findBuildArtifact } from '../native/build-paths.js';
import { HARNESS_ENV, harnessMarker } from './orphans.js';

// The client of oomlab-hog's fork server (native/fork-server.c). Node forks on its event-loop thread
// and execa adds its own work per child, so starting 500 hogs the old way held the harness for
// seconds: no sample, no kernel-log read. Here a request is a line on the server's stdin (those of one
// turn of the event loop in one write); the server forks and the child runs oomlab-hog's main with the
// argv TypeScript built, without an exec (the ordinary set-up: cgroup, oom_score_adj, rlimit, death
// signal, name). Its reports come back on the server's stdout: the pid, the bytes the child wrote on
// its progress fd (framed by the child itself into a pipe all children share), the end of its records
// (once it is reaped and all it wrote relayed), and the exit.
// Only hogs start here: commands and node participants start the old way, so their stdio stays
// the harness's own pipes (participant output capture reads them).

/** How a process started through the server ended. */
export interface ServedExit {
  exitCode?: number;
  signal?: string;
}

/** One process started through the server. */
export interface ServedChild {
  /** -1 until the server reports it (right after its fork). */
  pid: number;
  readonly pidKnown: Promise<number>;
  /** What the child writes on its progress fd (fd 3), ending once it has exited and all of it came. */
  readonly progress: PassThrough;
  readonly exited: Promise<ServedExit>;
  kill(signal: NodeJS.Signals): void;
}

interface Slot {
  child: ServedChild;
  setPid: (pid: number) => void;
  exit: (e: ServedExit) => void;
  exited: boolean;
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

// Why: one server per run starts every hog participant, so the harness keeps ticking while they start.
export class ForkServer {
  private proc?: ChildProcess;
  private readonly slots = new Map<number, Slot>();
  private nextId = 1;
  private buf: Buffer = Buffer.alloc(0);
  private failed?: string;
  /** Requests of this turn of the event loop, written as one (1000 starts or stops were 1000 writes). */
  private queued: Buffer[] = [];

  /** Starts oomlab-hog with `argv` (its arguments, no program name); every argument is checked here. */
  start(argv: readonly string[]): ServedChild {
    for (const a of argv) if (typeof a !== 'string' || a.includes('\0')) throw new TypeError(`fork server: an argument must be a string without NUL bytes, got ${JSON.stringify(a)}`);
    const id = this.nextId++;
    let setPid!: (pid: number) => void;
    let exit!: (e: ServedExit) => void;
    const pidKnown = new Promise<number>((r) => (setPid = r));
    const exited = new Promise<ServedExit>((r) => (exit = r));
    const progress = new PassThrough();
    const slot: Slot = {
      child: { pid: -1, pidKnown, progress, exited, kill: (signal) => this.kill(id, slot, signal) },
      setPid: (pid) => {
        slot.child.pid = pid;
        setPid(pid);
      },
      exit: (e) => {
        slot.exited = true;
        exit(e);
      },
      exited: false,
    };
    this.slots.set(id, slot);
    const proc = this.process();
    if (this.failed || !proc.stdin?.writable) {
      this.fail(slot, 'the fork server is not running');
      return slot.child;
    }
    const args = Buffer.from(argv.map((a) => `${a}\0`).join(''));
    this.send(Buffer.from(`S ${id} ${args.length}\n`), args);
    return slot.child;
  }

  /** No more requests: the server exits once its children are reaped. Resolves when it has exited;
   *  one still there after `waitMs` (it never should be) is killed, so a run leaves no process behind. */
  async close(waitMs = 2000): Promise<void> {
    this.flush();
    const proc = this.proc;
    proc?.stdin?.end();
    if (!proc || proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), waitMs);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private send(...parts: Buffer[]): void {
    if (!this.queued.length) queueMicrotask(() => this.flush());
    this.queued.push(...parts);
  }

  private flush(): void {
    if (!this.queued.length) return;
    const all = Buffer.concat(this.queued);
    this.queued = [];
    if (this.proc?.stdin?.writable) this.proc.stdin.write(all);
  }

  private kill(id: number, slot: Slot, signal: NodeJS.Signals): void {
    const n = constants.signals[signal];
    if (slot.exited || n === undefined || !this.proc?.stdin?.writable) return;
    this.send(Buffer.from(`K ${id} ${n}\n`));
  }

  private process(): ChildProcess {
    if (this.proc) return this.proc;
    const proc = spawn(findBuildArtifact('oomlab-hog'), ['--fork-server', '--parent-pid', String(process.pid)], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, [HARNESS_ENV]: harnessMarker() },
    });
    proc.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
    proc.stdin!.on('error', () => {}); // a dead server is reported by its exit
    proc.once('exit', (code, signal) => {
      this.failed = `the fork server exited (${signal ?? code})`;
      for (const slot of this.slots.values()) this.fail(slot, this.failed);
    });
    proc.once('error', (err) => {
      this.failed = `the fork server could not start: ${err.message}`;
      for (const slot of this.slots.values()) this.fail(slot, this.failed);
    });
    this.proc = proc;
    return proc;
  }

  // A child the server can no longer report on: ended as a set-up failure, so its instance finishes.
  private fail(slot: Slot, _why: string): void {
    if (slot.exited) return;
    slot.child.progress.end();
    if (slot.child.pid < 0) slot.setPid(-1);
    slot.exit({ exitCode: HOG_EXIT.SETUP_FAILED });
  }

  private read(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const nl = this.buf.indexOf(10, at);
      if (nl < 0) break;
      const [kind, idText, a = '0', b = '0'] = this.buf.toString('latin1', at, nl).split(' ');
      const slot = this.slots.get(Number(idText));
      if (kind === 'D') {
        const end = nl + 1 + Number(a);
        if (end > this.buf.length) break; // the data is still on its way
        slot?.child.progress.write(this.buf.subarray(nl + 1, end));
        at = end;
        continue;
      }
      at = nl + 1;
      if (!slot) continue;
      if (kind === 'P') slot.setPid(Number(a));
      else if (kind === 'F') {
        slot.child.progress.end(JSON.stringify({ ev: 'error', step: 'fork', syscall: 'fork', errno: Number(a) }) + '\n');
        slot.setPid(-1);
        slot.exit({ exitCode: HOG_EXIT.SETUP_FAILED });
        this.slots.delete(Number(idText));
      } else if (kind === 'E') slot.child.progress.end();
      else if (kind === 'X') {
        const sig = Number(b);
        slot.exit(sig ? { signal: SIGNAL_NAMES.get(sig) ?? `SIG${sig}` } : { exitCode: Number(a) });
        this.slots.delete(Number(idText));
      }
    }
    this.buf = this.buf.subarray(at);
  }
}
