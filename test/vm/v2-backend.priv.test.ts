import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/types.js';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { keyValues, MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();
const VM_TEST_MS = 600_000;

// memory.oom.group and cgroup.kill through oomlab's own v2 backend (memcg-v2.priv.test.ts checks the
// kernel's side with plain shell): one boot, two `oomlab run`s, then a look at what is left.
// oom-group: a bystander holding 8M shares a group that has memory.oom.group set with a hog that
// overflows it; the kernel kills both, and the result says so.
const OOM_GROUP = `name: oom-group
description: "memory.oom.group: one member overflows, the kernel kills the whole group"
cgroup: { memory: 64M, swap: 0, oomGroup: true }
participants:
  - name: bystander
    hog: { block: 1M, total: 8M, touch: memset, interval: 0, hold: 120s }
  - name: filler
    hog: { block: 1M, total: 1G, touch: memset, interval: 0 }
    startAfter: { participant: bystander, reached: 8M }
run: { duration: 150s, until: all-exited, sample: 50ms }
expect:
  - participant: bystander
    outcome: oom-killed
  - participant: filler
    outcome: oom-killed
`;
// leftover: a participant that exits leaving a background child in its cgroup; destroying the run's
// cgroup (cgroup.kill on v2) must kill it.
const MARK = 'sleep 1000.777';
const LEFTOVER = `name: leftover
description: "a participant leaves a background child in its cgroup"
cgroup: { memory: 64M, swap: 0 }
participants:
  - name: daemon
    command: { argv: [sh, -c, "${MARK} >/dev/null </dev/null & exit 0"] }
run: { duration: 60s, until: all-exited, sample: 50ms }
`;
// This shell runs both, so it leaves oomlab.service for a leaf of its own, as a systemd unit with
// Delegate=yes would, and oomlab makes its runs under an empty delegated cgroup (--cgroup-parent).
const SCRIPT = `
S=/sys/fs/cgroup/oomlab.service
mkdir $S/shell $S/runs && echo $$ > $S/shell/cgroup.procs && echo +memory > $S/cgroup.subtree_control || exit 125
printf "%s" "$OOM_GROUP" > /tmp/oom-group.yaml && printf "%s" "$LEFTOVER" > /tmp/leftover.yaml
node dist/oomlab.cjs run /tmp/oom-group.yaml --cgroup-parent $S/runs --json "$OOMLAB_RESULTS/oom-group.json" >/dev/null 2>"$OOMLAB_RESULTS/oom-group.err"; echo "oom_group_exit=$?"
node dist/oomlab.cjs run /tmp/leftover.yaml --cgroup-parent $S/runs --json "$OOMLAB_RESULTS/leftover.json" >/dev/null 2>"$OOMLAB_RESULTS/leftover.err"; echo "leftover_exit=$?"
echo "orphans=$(ps -o args | grep -c '^${MARK}')"
echo "run_groups_left=$(ls $S/runs | grep -c '^oomlab-')"
`;

describe.skipIf(skip)(`the cgroup-v2 backend in a VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('memory.oom.group kills the whole group and both kills are attributed; cgroup.kill takes an orphan the participant left', async () => {
    const r = await runInVm({
      command: ['sh', '-c', SCRIPT],
      env: { OOM_GROUP, LEFTOVER },
      memBytes: 768 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 400_000,
    });
    recordTiming('vm v2 backend: oom.group, cgroup.kill', r);
    expect(r.outcome).toBe('exited');
    const kv = keyValues(r.consoleLog);
    // oomlab's stderr (its live view, any error line) comes back as a file; shown when a run failed.
    for (const run of ['oom-group', 'leftover']) {
      if (kv.get(`${run.replace('-', '_')}_exit`) !== '0') console.error(`${run}: ${r.files[`${run}.err`]?.toString('utf8') ?? r.consoleLog.slice(-2000)}`);
    }
    expect(kv.get('oom_group_exit')).toBe('0');
    const group = JSON.parse(r.files['oom-group.json']!.toString('utf8')) as RunResult;
    expect(group.host.cgroupVersion).toBe(2);
    expect(group.cgroups[0]!.limits).toMatchObject({ oomGroup: true });
    expect(group.participants.map((p) => [p.name, p.outcome])).toEqual([['bystander', 'oom-killed'], ['filler', 'oom-killed']]);
    // A group kill. The kernel kills its victim, then every member, the victim again among them
    // (memory.events counts it twice, as the kernel log prints it twice; and the filler may hit the
    // limit again before it has died, another OOM); the result keeps one event per process that died.
    const ev = group.cgroups[0]!.events;
    expect(ev.oomGroupKill).toBeGreaterThanOrEqual(1);
    expect(ev.oomKill).toBeGreaterThanOrEqual(2);
    expect(group.oomEvents.map((e) => e.participant).sort()).toEqual(['bystander', 'filler']);
    expect(new Set(group.oomEvents.map((e) => e.victimPid)).size).toBe(2);
    // cgroup.kill: the run ended when the participant did, and its orphan did not survive the run.
    expect(kv.get('leftover_exit')).toBe('0');
    const leftover = JSON.parse(r.files['leftover.json']!.toString('utf8')) as RunResult;
    expect(leftover.participants[0]).toMatchObject({ name: 'daemon', outcome: 'completed' });
    expect(kv.get('orphans')).toBe('0');
    expect(kv.get('run_groups_left')).toBe('0');
  }, VM_TEST_MS);
});
