import { describe, expect, it } from 'vitest';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { explain, HOG, keyValues, MiB, oomReportExcerpt, recordTiming, vmSkipReason } from '../helpers/vm.js';
import { saveKernelLogFixture } from '../helpers/vm-fixture.js';

const skip = vmSkipReason();

// The article's kind of incident in miniature: no cgroup limit at all, the whole (virtual) machine runs
// out of RAM with no swap, and the kernel's global oom-killer picks a victim. Only safe in a VM.
const SCRIPT = `
${HOG} --defaults --total 209715200 --touch memset --interval 0 --hold 1000000000 & A=$!
${HOG} --defaults --total 209715200 --touch memset --interval 0 --hold 1000000000 & B=$!
wait $A; echo "a_exit=$?"
wait $B; echo "b_exit=$?"
echo "oom_kill=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)"
`;

describe.skipIf(skip)(`a whole-machine OOM in a disposable VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('two hogs in a 256 MiB VM without swap: the global oom-killer kills one', async () => {
    const r = await runInVm({ command: ['sh', '-c', SCRIPT], memBytes: 256 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 110_000 });
    recordTiming('global-oom', r);
    expect(r.outcome, explain(r)).toBe('exited');
    const kv = keyValues(r.consoleLog);
    const exits = [kv.get('a_exit'), kv.get('b_exit')];
    expect(exits, explain(r)).toContain('137');
    expect(Number(kv.get('oom_kill'))).toBeGreaterThanOrEqual(1);
    const report = oomReportExcerpt(r.kmsg);
    expect(report).toMatch(/oom-kill:constraint=CONSTRAINT_NONE,/);
    expect(report).toMatch(/^\[\s*\d+\.\d+\] Out of memory: Killed process \d+ \(oomlab-hog\)/m);
    expect(report).not.toContain('Memory cgroup out of memory');
    saveKernelLogFixture('guest-global-oom-6.x.txt', report);
  });
});
