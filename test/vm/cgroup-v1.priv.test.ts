import { describe, expect, it } from 'vitest';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { explain, HOG, keyValues, MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();

// The same guest kernel with --cgroup v1: the memory controller on a v1 hierarchy (as on the
// project's own machines), and a real v1 memcg OOM kill in a child of the command's cgroup.
const SCRIPT = `
M=/sys/fs/cgroup/memory
echo "fs=$(awk '$2 == "/sys/fs/cgroup/memory" { print $3 }' /proc/mounts)"
echo "v2=$(awk '$3 == "cgroup2" { print $2 }' /proc/mounts)"
echo "self=$(grep ':memory:' /proc/self/cgroup)"
echo "memsw=$(test -e $M/memory.memsw.limit_in_bytes && echo yes || echo no)"
mkdir $M/oomlab.service/victim
echo 33554432 > $M/oomlab.service/victim/memory.limit_in_bytes
echo "limit=$(cat $M/oomlab.service/victim/memory.limit_in_bytes)"
${HOG} --defaults --cgroup-procs $M/oomlab.service/victim/cgroup.procs --total 134217728 --touch memset --interval 0 --hold 0
echo "hog_exit=$?"
echo "oom_kill=$(awk '$1 == "oom_kill" { print $2 }' $M/oomlab.service/victim/memory.oom_control)"
echo "failcnt=$(cat $M/oomlab.service/victim/memory.failcnt)"
rmdir $M/oomlab.service/victim && echo removed=1
`;

describe.skipIf(skip)(`a disposable VM, cgroup v1${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('mounts the memory controller on v1 and a v1 memcg OOM-kills a hog over its limit', async () => {
    const r = await runInVm({ command: ['sh', '-c', SCRIPT], memBytes: 512 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v1', timeoutMs: 100_000 });
    recordTiming('cgroup-v1', r);
    expect(r.outcome, explain(r)).toBe('exited');
    const kv = keyValues(r.consoleLog);
    expect(kv.get('fs')).toBe('cgroup');
    expect(kv.get('v2')).toBe(''); // no cgroup2 mount anywhere
    expect(kv.get('self')).toMatch(/^\d+:memory:\/oomlab\.service$/);
    expect(kv.get('limit')).toBe(String(32 * MiB));
    expect(kv.get('hog_exit')).toBe('137'); // SIGKILL
    expect(kv.get('oom_kill')).toBe('1');
    expect(Number(kv.get('failcnt'))).toBeGreaterThan(0);
    expect(kv.get('removed')).toBe('1');
    expect(r.kmsg).toMatch(/Memory cgroup out of memory: Killed process \d+ \(oomlab-hog\)/);
    // recorded, not asserted: whether swap accounting (memory.memsw.*) is on in this kernel
    console.log(`v1 memsw files present: ${kv.get('memsw')}`);
  });
});
