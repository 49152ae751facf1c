import { describe, expect, it } from 'vitest';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { explain, HOG, keyValues, MiB, oomReportExcerpt, recordTiming, vmSkipReason } from '../helpers/vm.js';
import { saveKernelLogFixture } from '../helpers/vm-fixture.js';

const skip = vmSkipReason();

// What the TS cgroup-v2 backend will rely on, checked on a pure v2 kernel with plain shell: the
// no-internal-processes rule (the harness moves itself into a leaf before it can delegate +memory),
// memory.max with memory.swap.max 0 (OOM kill), memory.high (reclaim, no kill), memory.oom.group
// (the whole group dies), cgroup.kill, and the memory.events / memory.peak counters.
const SCRIPT = `
S=/sys/fs/cgroup/oomlab.service
HOG=${HOG}
ev() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.events"; }
echo "svc_controllers=$(cat $S/cgroup.controllers)"
if echo +memory > $S/cgroup.subtree_control 2>/dev/null; then echo internal_enable=ok; else echo internal_enable=refused; fi
mkdir $S/harness && echo $$ > $S/harness/cgroup.procs
echo "self=$(cat /proc/self/cgroup)"
echo +memory > $S/cgroup.subtree_control && echo leaf_enable=ok
echo "subtree=$(cat $S/cgroup.subtree_control)"

V=$S/victim; mkdir $V
echo 32M > $V/memory.max; echo 0 > $V/memory.swap.max
echo "victim_max=$(cat $V/memory.max)"
echo "victim_swap_max=$(cat $V/memory.swap.max)"
$HOG --defaults --cgroup-procs $V/cgroup.procs --total 134217728 --touch memset --interval 0 --hold 0
echo "victim_exit=$?"
echo "victim_oom=$(ev $V oom)"
echo "victim_oom_kill=$(ev $V oom_kill)"
echo "victim_max_events=$(ev $V max)"
echo "victim_peak=$(cat $V/memory.peak)"

H=$S/high; mkdir $H
echo 16M > $H/memory.high
echo "high_high=$(cat $H/memory.high)"
$HOG --defaults --cgroup-procs $H/cgroup.procs --total 50331648 --touch memset --interval 0 --hold 0
echo "high_exit=$?"
echo "high_events=$(ev $H high)"
echo "high_oom_kill=$(ev $H oom_kill)"
echo "high_peak=$(cat $H/memory.peak)"

G=$S/group; mkdir $G
echo 32M > $G/memory.max; echo 0 > $G/memory.swap.max; echo 1 > $G/memory.oom.group
echo "group_oom_group=$(cat $G/memory.oom.group)"
sleep 300 & SLEEPER=$!
echo $SLEEPER > $G/cgroup.procs
$HOG --defaults --cgroup-procs $G/cgroup.procs --total 134217728 --touch memset --interval 0 --hold 0
echo "group_hog_exit=$?"
wait $SLEEPER; echo "group_sleeper_exit=$?"
echo "group_oom_kill=$(ev $G oom_kill)"
echo "group_oom_group_kill=$(ev $G oom_group_kill)"

K=$S/kill; mkdir $K
sleep 300 & A=$!
sleep 300 & B=$!
echo $A > $K/cgroup.procs; echo $B > $K/cgroup.procs
echo "kill_populated_before=$(awk '$1 == "populated" { print $2 }' $K/cgroup.events)"
echo 1 > $K/cgroup.kill
wait $A; echo "kill_a_exit=$?"
wait $B; echo "kill_b_exit=$?"
i=0; while [ "$(awk '$1 == "populated" { print $2 }' $K/cgroup.events)" != 0 ] && [ $i -lt 100 ]; do usleep 20000; i=$((i+1)); done
echo "kill_populated_after=$(awk '$1 == "populated" { print $2 }' $K/cgroup.events)"

rmdir $V $H $G $K && echo removed=1
`;

describe.skipIf(skip)(`cgroup v2 in a disposable VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('does what the v2 backend needs: leaf rule, max, swap.max, high, oom.group, cgroup.kill, events, peak', async () => {
    const r = await runInVm({ command: ['sh', '-c', SCRIPT], memBytes: 512 * MiB, swapBytes: 128 * MiB, cpus: 2, cgroup: 'v2', timeoutMs: 110_000 });
    recordTiming('memcg-v2', r);
    expect(r.outcome, explain(r)).toBe('exited');
    const kv = keyValues(r.consoleLog);
    const get = (k: string): string | undefined => kv.get(k);
    // the no-internal-processes rule, and its way out
    expect(get('svc_controllers')?.split(' ')).toContain('memory');
    expect(get('internal_enable')).toBe('refused');
    expect(get('self')).toBe('0::/oomlab.service/harness');
    expect(get('leaf_enable')).toBe('ok');
    expect(get('subtree')).toBe('memory');
    // memory.max + memory.swap.max 0: one OOM kill, counted in memory.events
    expect(get('victim_max')).toBe(String(32 * MiB));
    expect(get('victim_swap_max')).toBe('0');
    expect(get('victim_exit')).toBe('137');
    expect(Number(get('victim_oom'))).toBeGreaterThanOrEqual(1);
    expect(get('victim_oom_kill')).toBe('1');
    expect(Number(get('victim_max_events'))).toBeGreaterThan(0);
    expect(Number(get('victim_peak'))).toBeGreaterThan(0);
    expect(Number(get('victim_peak'))).toBeLessThanOrEqual(32 * MiB);
    // memory.high: reclaimed (to swap), throttled, never killed
    expect(get('high_high')).toBe(String(16 * MiB));
    expect(get('high_exit')).toBe('0');
    expect(Number(get('high_events'))).toBeGreaterThan(0);
    expect(get('high_oom_kill')).toBe('0');
    expect(Number(get('high_peak'))).toBeLessThan(48 * MiB);
    // memory.oom.group: the bystander dies with the hog
    expect(get('group_oom_group')).toBe('1');
    expect(get('group_hog_exit')).toBe('137');
    expect(get('group_sleeper_exit')).toBe('137');
    // 3 on 6.1, not 2: the chosen victim is killed (and counted) once as the victim and again as a
    // group member (mm/oom_kill.c, oom_kill_memcg_member). Counting kills, count `Killed process` lines.
    expect(Number(get('group_oom_kill'))).toBeGreaterThanOrEqual(2);
    expect(get('group_oom_group_kill')).toBe('1');
    // cgroup.kill
    expect(get('kill_populated_before')).toBe('1');
    expect(get('kill_a_exit')).toBe('137');
    expect(get('kill_b_exit')).toBe('137');
    expect(get('kill_populated_after')).toBe('0');
    expect(get('removed')).toBe('1');

    const report = oomReportExcerpt(r.kmsg);
    expect(report).toMatch(/oom-kill:constraint=CONSTRAINT_MEMCG,.*oom_memcg=\/oomlab\.service\/victim/);
    expect(report).toMatch(/Memory cgroup out of memory: Killed process \d+ \(oomlab-hog\)/);
    saveKernelLogFixture('guest-memcg-v2-6.x.txt', report);
  });
});
