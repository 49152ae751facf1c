import { readdirSync, readFileSync } from 'node:fs';

// Why: an oomlab-hog whose harness died is normally killed by PR_SET_PDEATHSIG; one that was
// re-parented anyway (the harness died before the hog set it up) is found by name and parent.
export function killOrphanHogs(): number[] {
  const killed: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    if (comm === 'oomlab-hog' && ppid === 1) {
      try {
        process.kill(Number(entry), 'SIGKILL');
        killed.push(Number(entry));
      } catch {
        // gone already
      }
    }
  }
  return killed;
}
