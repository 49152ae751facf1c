import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lookupBuildArtifact } from '../native/build-paths.js';
import { EnvironmentError } from '../errors/environment-error.js';
import { LineSplitter } from './line-splitter.js';

// qemu is started through `oomlab-hog --pdeathsig --exec`, which sets PR_SET_PDEATHSIG(SIGKILL) and
// then execs qemu: so even if this Node process is SIGKILLed, the kernel kills qemu with it and no VM
// outlives its harness. Without the native build, qemu is spawned directly (and cleaned up on every
// exit path Node does see).

/** A running qemu, read line by line from its serial console. */
export interface QemuProcess {
  child: ChildProcess;
  /** Resolves with qemu's exit code (or null and the signal) once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything qemu wrote to stderr (its own warnings and errors). */
  stderr(): string;
  kill(): void;
}

/** The qemu binary for x86_64 guests. */
export const QEMU_BINARY = 'qemu-system-x86_64';

// Why: say early and clearly when qemu is not installed.
export function findQemu(): string {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(':').concat('/usr/bin')) {
    const path = join(dir, QEMU_BINARY);
    if (dir && existsSync(path)) return path;
  }
  throw new EnvironmentError(`${QEMU_BINARY} not found`, 'apt-get install qemu-system-x86');
}

// Why: start qemu with its console on a pipe, calling onLine for each console line as it arrives (over 64 KiB: in pieces).
export function startQemu(argv: string[], onLine: (line: string) => void): QemuProcess {
  const qemu = findQemu();
  const hog = lookupBuildArtifact('oomlab-hog').path;
  const [file, args] = hog
    ? [hog, ['--pdeathsig', '--parent-pid', String(process.pid), '--exec', '--', qemu, ...argv]]
    : [qemu, argv];
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // The guest controls this text: the splitter keeps each chunk's cost to its own size and cuts
  // lines longer than 64 KiB into pieces, whatever the guest prints.
  const lines = new LineSplitter(onLine);
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (err.length < 65536) err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (e) => {
      err += `${e.message}\n`;
      resolve({ code: null, signal: null });
    });
    child.on('close', (code, signal) => {
      lines.end();
      resolve({ code, signal });
    });
  });
  return {
    child,
    exited,
    stderr: () => err,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
