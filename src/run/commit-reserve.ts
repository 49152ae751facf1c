import { readFileSync } from 'node:fs';
import { CAP_SYS_ADMIN, holdsSysAdmin } from '../host/capabilities.js';

// Strict overcommit (vm.overcommit_memory=2) in oomlab's VM. A participant that fills the commit limit
// makes every other process's next allocation fail, the harness's included: seen as node aborting with
// std::bad_alloc while a malloc loop was still short of its own failure. The harness even fails first:
// the kernel holds back from each requester min(its VmSize / 32, vm.user_reserve_kbytes), and node's
// VmSize (about 1 GiB, mostly reservations) makes that the whole user reserve, far more than a hog's.
// The kernel's own answer is vm.admin_reserve_kbytes, commit that only CAP_SYS_ADMIN holders may use.
// In the VM the guest's init raises it above the user reserve (guest-machine.ts), and participants
// drop CAP_SYS_ADMIN (oomlab-hog --drop-cap), so the reserve is the harness's alone.
// Not on a host: its sysctls are not ours to change, and its participants keep what they were given.

// Why: the capabilities every participant of this run drops; none outside oomlab's VM or strict overcommit.
export function participantDropCaps(env: NodeJS.ProcessEnv = process.env): number[] {
  if (env.OOMLAB_IN_VM !== '1' || !holdsSysAdmin()) return [];
  try {
    return readFileSync('/proc/sys/vm/overcommit_memory', 'latin1').trim() === '2' ? [CAP_SYS_ADMIN] : [];
  } catch {
    return [];
  }
}
