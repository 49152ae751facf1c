import { rmSync } from 'node:fs';
import { makePrivateTempDir } from '../host/private-temp.js';

// A VM must leave nothing behind on any exit: normal return, exception, Ctrl-C, SIGTERM, or
// process.exit() from elsewhere. Each running VM registers how to undo itself (kill qemu, remove its
// temp dir); the undo runs once, synchronously, from whichever path comes first. While VMs run,
// SIGINT/SIGTERM handlers are installed; if no one else listens for the signal, the process then
// dies of it as it would have without us. Only SIGKILL escapes all this: qemu still dies (it runs
// under PR_SET_PDEATHSIG, see qemu-process.ts), and the temp dir, which is marked with the process that
// made it, is swept by the next VM run once that process is gone.

/** How to undo one VM. */
interface VmResources {
  kill(): void;
  tempDir: string;
}

const active = new Set<VmResources>();

// Why: kill and remove one VM's leftovers; safe to call more than once.
export function release(res: VmResources): void {
  active.delete(res);
  try {
    res.kill();
  } catch {
    // already gone
  }
  rmSync(res.tempDir, { recursive: true, force: true });
  if (active.size === 0) uninstall();
}

// Why: make sure every exit path releases this VM.
export function track(res: VmResources): void {
  if (active.size === 0) install();
  active.add(res);
}

function releaseAll(): void {
  for (const res of [...active]) release(res);
}

function onSignal(signal: NodeJS.Signals): void {
  releaseAll();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const onExit = (): void => releaseAll();
const onInt = (): void => onSignal('SIGINT');
const onTerm = (): void => onSignal('SIGTERM');

function install(): void {
  process.on('exit', onExit);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
}

function uninstall(): void {
  process.off('exit', onExit);
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
}

// Why: a VM's temp dir, in this user's private temp space (host/private-temp.ts), where the next
// run can tell it was orphaned and remove it, and where no other user can plant or swap anything.
export function makeTempDir(): string {
  return makePrivateTempDir('vm');
}
