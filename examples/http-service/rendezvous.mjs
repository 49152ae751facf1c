// Where the example's service listens when no PORT is given: a port derived from the process's
// cgroups, so the service and its load driver, started by the same run in the same cgroup, agree on
// it without a file, and two runs side by side (other cgroups) do not collide.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function rendezvousPort() {
  const digest = createHash('sha256').update(readFileSync('/proc/self/cgroup')).digest();
  // Below the kernel's ephemeral range (32768-60999 by default), where outgoing connections take their ports.
  return 10000 + (digest.readUInt32BE(0) % 20000);
}
