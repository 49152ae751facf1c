// Child processes for the /proc tests: each in its own process group (so a shell's children die
// with it), all killed by killAll() in afterEach.
import { spawn, type ChildProcess } from 'node:child_process';

const started: ChildProcess[] = [];

/** Start a command in a new process group; it is killed by killAll(). */
export function start(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
  child.on('error', () => undefined);
  started.push(child);
  return child;
}

/** SIGKILL every started group (pid and descendants) and wait for the leaders to be reaped. */
export async function killAll(): Promise<void> {
  const waits = started.splice(0).map((c) => {
    if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return Promise.resolve();
    const done = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      c.kill('SIGKILL');
    }
    return done;
  });
  await Promise.all(waits);
}

/** Resolve with the first stdout line that starts with `prefix`. */
export function lineFrom(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let acc = '';
    const onData = (d: Buffer): void => {
      acc += d.toString();
      for (const line of acc.split('\n')) {
        if (line.startsWith(prefix)) {
          child.stdout!.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, sig) => reject(new Error(`child exited (${code ?? sig}) before "${prefix}"`)));
  });
}

/** Poll `cond` every 10 ms until it is true; throws after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const MiB = 2 ** 20;
