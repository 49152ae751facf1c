import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { HogOptions } from '../engine/options.js';
import { readHogRecords } from '../engine/progress-stream.js';
import type { HogLine } from '../engine/record.js';
import { hogArgv, type HogTask } from '../engine/argv.js';
import { findBuildArtifact, PACKAGE_ROOT } from '../native/build-paths.js';
import { toEngineConfig } from '../engine/config.js';
import { HARNESS_ENV, harnessMarker } from './orphans.js';
import type { ForkServer, ServedExit } from './fork-server.js';

/** The progress fd every participant is given (its 4th stdio entry; a node participant writes there too). */
const PROGRESS_FD = 3;

/** What the orchestrator starts: one process (one copy of a participant). */
export interface Launch {
  name: string;
  kind: 'hog' | 'command' | 'node';
  hog?: HogOptions;
  command?: { argv: string[]; env?: Record<string, string>; cwd?: string };
  cgroupProcs: string[];
  oomScoreAdj: number;
  rlimitAsBytes?: number;
  /** Capabilities it drops before it runs (src/run/commit-reserve.ts). */
  dropCaps?: readonly number[];
}

// Why: one child through oomlab-hog. node's own spawn, not execa: this is all of execa the harness
// used (pipes it drains itself, no buffering, no rejection; teardown sends its own SIGKILL), and
// loading execa was a fifth of `oomlab run`'s start-up in a VM under TCG (bench/vm-boot.mjs).
function start(argv: string[], command: Launch['command']) {
  return spawn(findBuildArtifact('oomlab-hog'), argv, {
    // stdout and stderr are pipes the caller drains as they arrive (output-capture.ts keeps what is
    // bounded of them); nothing is buffered here, so no amount of output can stop or kill the program.
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    cwd: command?.cwd,
    // The marker `oomlab cleanup` recognises orphans by (orphans.ts); last, so a scenario's env cannot
    // override it, and set (not inherited), so a harness started by another harness names itself.
    env: { ...process.env, ...command?.env, [HARNESS_ENV]: harnessMarker() },
  });
}

/** How a participant's process ended. */
export type SpawnedExit = ServedExit;

/** A started participant, however it was started (a child of its own, or the fork server). */
export interface Spawned {
  /** -1 until known (a fork server reports it just after its fork), and if it could not start. */
  pid: number;
  /** Resolves with the pid once known. */
  pidKnown: Promise<number>;
  /** Resolves once, when the process has exited. */
  exited: Promise<SpawnedExit>;
  /** Resolves when the progress stream ends (hog and node participants). */
  records: Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** Its stdout and stderr, for output-capture.ts (null for a hog the fork server started: a hog speaks
   *  only through its progress records, and the server's children share the server's own stdio). */
  stdout: Readable | null;
  stderr: Readable | null;
  /** Closes the harness's ends of its pipes (after its exit, when the last records had their moment). */
  closeStreams(): void;
}

// The built script next to this module; when this module runs from source (tests), the built copy.
const besideMe = fileURLToPath(new URL('./node-participant.js', import.meta.url));
const NODE_PARTICIPANT = existsSync(besideMe) ? besideMe : join(PACKAGE_ROOT, 'dist', 'participant', 'node-participant.js');

// Why: every participant starts through oomlab-hog's set-up (cgroup, rlimit, oom_score_adj, death
// with the harness), so nothing it runs is ever outside its cgroup or outlives the harness.
export function spawnParticipant(launch: Launch, onRecord: (r: HogLine) => void, server?: ForkServer): Spawned {
  // A hog takes its participant's name, so the kernel's report reads `Killed process N (test_mem3)`;
  // attribution never depends on it (names repeat, and the kernel cuts them at 15 bytes).
  const setup = { cgroupProcs: launch.cgroupProcs, oomScoreAdj: launch.oomScoreAdj, rlimitAsBytes: launch.rlimitAsBytes, dropCaps: launch.dropCaps, name: launch.name };
  if (server && launch.kind === 'hog') {
    // Through the fork server: its child is the hog, so the death-signal check names the server.
    const served = server.start(hogArgv({ ...setup, parentPidFromServer: true }, { engine: toEngineConfig(launch.hog!), human: launch.hog!.human, progressFd: PROGRESS_FD }));
    const records = readHogRecords(served.progress, onRecord);
    return {
      get pid() {
        return served.pid;
      },
      pidKnown: served.pidKnown,
      exited: served.exited,
      records,
      kill: (signal) => served.kill(signal),
      stdout: null,
      stderr: null,
      closeStreams: () => served.progress.destroy(),
    };
  }
  // A command gets the progress fd only for a set-up or exec failure (it is close-on-exec, so the
  // program itself never sees it); a node participant inherits it open and writes its records there.
  const task: HogTask =
    launch.kind === 'hog'
      ? { engine: toEngineConfig(launch.hog!), human: launch.hog!.human, progressFd: PROGRESS_FD }
      : launch.kind === 'node'
        ? { exec: [process.execPath, NODE_PARTICIPANT, JSON.stringify(launch.hog)] }
        : { exec: launch.command!.argv, progressFd: PROGRESS_FD };
  let child: ReturnType<typeof start>;
  try {
    child = start(hogArgv(setup, task), launch.command);
  } catch (e) {
    // Node throws some fork failures (ENOMEM: under strict overcommit, a copy of the harness does not
    // fit the commit limit) instead of emitting them: the participant failed to start, the run goes on.
    onRecord(spawnError(e));
    return notStarted();
  }
  const records = readHogRecords(child.stdio[PROGRESS_FD] as Readable, onRecord);
  const pid = child.pid ?? -1;
  const exited = new Promise<SpawnedExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ exitCode: code ?? undefined, signal: signal ?? undefined }));
    // oomlab-hog could not be started at all (its set-up failures are progress records instead).
    child.once('error', (e) => {
      if (pid < 0) onRecord(spawnError(e));
      resolve({});
    });
  });
  return {
    pid,
    pidKnown: Promise.resolve(pid),
    exited,
    records,
    kill: (signal) => void child.kill(signal),
    stdout: child.stdout,
    stderr: child.stderr,
    closeStreams: () => {
      for (const stream of [child.stdio[PROGRESS_FD], child.stdout, child.stderr]) (stream as Readable | null)?.destroy();
    },
  };
}

// Why: a fork or exec of oomlab-hog itself that failed, as the set-up failure record it would have sent.
function spawnError(e: unknown): HogLine {
  const errno = Math.abs(Number((e as NodeJS.ErrnoException).errno)) || 0;
  return { ev: 'error', step: 'spawn', syscall: 'fork', errno };
}

// Why: the Spawned of a process that never existed: no pid, already ended, no output.
function notStarted(): Spawned {
  return { pid: -1, pidKnown: Promise.resolve(-1), exited: Promise.resolve({}), records: Promise.resolve(), kill: () => {}, stdout: null, stderr: null, closeStreams: () => {} };
}
