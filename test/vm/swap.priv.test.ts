import { describe, expect, it } from 'vitest';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { explain, HOG, keyValues, MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();

// Real swap: a virtio disk of --swap bytes, in /proc/swaps at that size (less the header page), and
// used: a hog touching more than the VM's RAM completes only because pages go out to it.
const SCRIPT = `
awk 'NR > 1 { print "swap=" $1 " " $2 " " $3 }' /proc/swaps
echo "swap_total_kb=$(awk '$1 == "SwapTotal:" { print $2 }' /proc/meminfo)"
echo "mem_total_kb=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"
${HOG} --defaults --total 335544320 --touch memset --interval 0 --hold 0
echo "hog_exit=$?"
echo "pswpout=$(awk '$1 == "pswpout" { print $2 }' /proc/vmstat)"
`;

describe.skipIf(skip)(`a disposable VM with swap${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('swaps to a virtio disk of the requested size', async () => {
    const r = await runInVm({ command: ['sh', '-c', SCRIPT], memBytes: 256 * MiB, swapBytes: 256 * MiB, cpus: 2, cgroup: 'v2', timeoutMs: 110_000 });
    recordTiming('swap', r);
    expect(r.outcome, explain(r)).toBe('exited');
    const kv = keyValues(r.consoleLog);
    const kib = (256 * MiB) / 1024 - 4; // the first page holds the swap header
    expect(kv.get('swap')).toMatch(new RegExp(`^/dev/vd[a-z] partition ${kib}$`));
    expect(kv.get('swap_total_kb')).toBe(String(kib));
    expect(Number(kv.get('mem_total_kb'))).toBeLessThan(256 * 1024);
    expect(kv.get('hog_exit'), explain(r)).toBe('0'); // 320 MiB touched in a 256 MiB VM
    expect(Number(kv.get('pswpout'))).toBeGreaterThan(0);
    expect(r.kmsg).toContain(`Adding ${kib}k swap on /dev/vd`);
  });
});
