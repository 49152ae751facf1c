import { execa, type Result, type ResultPromise } from 'execa';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { memoryHierarchy, TEST_ROOT_V2 } from './cgroups.js';

/** The built CLI (npm test builds it first: see the pretest script). */
export const CLI = fileURLToPath(new URL('../../dist/oomlab.cjs', import.meta.url));

// On cgroup v2 (as root) each CLI child starts in a cgroup of its own, TEST_ROOT_V2/c-<pid>, as a user
// would run it under `systemd-run --scope -p Delegate=yes`: the test worker's cgroup holds the worker.
const WRAP = 'd="$1/c-$$"; shift; mkdir "$d" && echo $$ > "$d/cgroup.procs" && exec "$@"';
const v2 = (): boolean => process.geteuid?.() === 0 && memoryHierarchy()?.version === 2;

/** Where a CLI child started by cliArgv() makes its run groups (v2), or undefined (v1: the worker's own). */
export function cliCgroupDir(pid: number): string | undefined {
  return v2() ? join(TEST_ROOT_V2, `c-${pid}`) : undefined;
}

// Why: any command that runs scenarios (another install's oomlab, a library script), started as a user
// would on this machine: on v2 in a cgroup of its own (the wrapper needs sh and mkdir on PATH).
export function inOwnCgroup(file: string, argv: string[]): [string, string[]] {
  return v2() ? ['sh', ['-c', WRAP, 'sh', TEST_ROOT_V2, file, ...argv]] : [file, argv];
}

// Why: the command and argv that run `node <CLI> ...args` as a user would on this machine.
export function cliCommand(args: string[]): [string, string[]] {
  return inOwnCgroup(process.execPath, [CLI, ...args]);
}

// Why: a CLI child the test drives (signals, waits), started as cliCommand() says.
export function startOomlab(args: string[], options: { env?: Record<string, string>; forceKillAfterDelay?: false } = {}): ResultPromise<{ reject: false; env?: Record<string, string>; forceKillAfterDelay?: false }> {
  const [file, argv] = cliCommand(args);
  // forceKillAfterDelay: false when the test judges how long the harness takes to end after its own
  // SIGTERM (execa otherwise follows a kill() with SIGKILL 5 s later, which looks like the harness's doing).
  return execa(file, argv, { reject: false, env: options.env, ...(options.forceKillAfterDelay === false ? { forceKillAfterDelay: false as const } : {}) });
}

// Why: CLI tests run the real `oomlab` binary as a user would, and look at exit code and output.
export function oomlab(args: string[], options: { input?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<Result> {
  const [file, argv] = cliCommand(args);
  return execa(file, argv, { reject: false, input: options.input, env: options.env, timeout: options.timeout ?? 60_000 });
}
