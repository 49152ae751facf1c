import { listPids, readPpid } from '../proc/process-tree.js';
import { readText } from '../proc/read-file.js';

// Why: an oomlab-hog whose harness died is normally killed by PR_SET_PDEATHSIG; one that was
// re-parented anyway (the harness died before the hog set it up) is found by name and parent.
export function killOrphanHogs(): number[] {
  const killed: number[] = [];
  for (const pid of listPids()) {
    if (readText(`/proc/${pid}/comm`)?.trim() !== 'oomlab-hog' || readPpid(pid) !== 1) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone already
    }
  }
  return killed;
}
