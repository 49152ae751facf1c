import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { explain, keyValues, MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();
const VM_TEST_MS = 600_000;
const SWAPPINESS = '/proc/sys/vm/swappiness';

// Issue 15, item 3: a run with --allow-host-swappiness (cgroup v2, where a swappiness limit changes the
// host vm.swappiness) is SIGKILLed after the change; the note it wrote before the change lets
// `oomlab cleanup` (first variant) and the next `oomlab run`'s stale sweep (second) put the original
// value back and remove the note. In a v2 guest: this host's memory controller is on v1, where
// swappiness is per group and the host value is never touched.
const HOLD = `name: hold-swappiness
cgroup: { memory: 64M, swap: 0, swappiness: 7 }
participants:
  - name: hog
    hog: { block: 1M, total: 8M, touch: memset, interval: 0, hold: 120s }
run: { duration: 150s, until: all-exited, sample: 50ms }
`;
const QUICK = `name: quick
cgroup: { memory: 64M, swap: 0 }
participants:
  - name: hog
    hog: { block: 1M, total: 4M, touch: memset, interval: 0, hold: 100ms }
run: { duration: 60s, until: all-exited, sample: 50ms }
`;
const SCRIPT = `
S=/sys/fs/cgroup/oomlab.service
mkdir $S/shell $S/runs && echo $$ > $S/shell/cgroup.procs && echo +memory > $S/cgroup.subtree_control || exit 125
printf "%s" "$HOLD" > /tmp/hold.yaml && printf "%s" "$QUICK" > /tmp/quick.yaml
echo 60 > ${SWAPPINESS}
notes() { ls /run/oomlab 2>/dev/null | grep -c "$1"; }
run_and_kill() {
  node dist/oomlab.cjs run /tmp/hold.yaml --cgroup-parent $S/runs --allow-host-swappiness >/dev/null 2>"$OOMLAB_RESULTS/$1.err" &
  pid=$!
  i=0; while [ "$(cat ${SWAPPINESS})" != 7 ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
  echo "$1_changed=$(cat ${SWAPPINESS})"
  kill -9 $pid; wait $pid
  echo "$1_after_kill=$(cat ${SWAPPINESS})"
  echo "$1_note=$(cat /run/oomlab/host-p$pid-t*.json | tr -d '\\n')"
  echo "$1_note_mode=$(stat -c %a /run/oomlab)/$(stat -c %a /run/oomlab/host-p$pid-t*.json)"
}
run_and_kill a
node dist/oomlab.cjs cleanup --cgroup-parent $S/runs > "$OOMLAB_RESULTS/cleanup.out" 2>&1; echo "cleanup_exit=$?"
echo "a_restored=$(cat ${SWAPPINESS})"
echo "a_notes_left=$(notes '^host-')"
run_and_kill b
node dist/oomlab.cjs run /tmp/quick.yaml --cgroup-parent $S/runs >/dev/null 2>"$OOMLAB_RESULTS/quick.err"; echo "quick_exit=$?"
echo "b_restored=$(cat ${SWAPPINESS})"
echo "b_notes_left=$(notes '^host-')"
echo "run_groups_left=$(ls $S/runs | grep -c '^oomlab-')"
`;

describe.skipIf(skip)(`a SIGKILLed harness's host vm.swappiness is restored${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('by `oomlab cleanup`, and by the next run, from the note written before the change', async () => {
    // The guest has its own kernel; the host value is put back regardless, in case anything reached it.
    const hostBefore = readFileSync(SWAPPINESS, 'utf8').trim();
    try {
      const r = await runInVm({
        command: ['sh', '-c', SCRIPT],
        env: { HOLD, QUICK },
        memBytes: 768 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 400_000,
      });
      recordTiming('vm host swappiness restore', r);
      const kv = keyValues(r.consoleLog);
      console.log([...kv].filter(([k]) => /^(a|b)_|cleanup_exit|quick_exit|run_groups_left/.test(k)).map(([k, v]) => `${k}=${v}`).join('\n'), `\ncleanup printed:\n${r.files['cleanup.out']?.toString('utf8') ?? ''}`);
      if (kv.get('a_restored') !== '60' || kv.get('b_restored') !== '60') console.error(explain(r), r.files['cleanup.out']?.toString('utf8'), r.files['quick.err']?.toString('utf8'));
      expect(r.outcome).toBe('exited');
      for (const v of ['a', 'b']) {
        expect(kv.get(`${v}_changed`)).toBe('7');
        expect(kv.get(`${v}_after_kill`)).toBe('7');
        expect(JSON.parse(kv.get(`${v}_note`)!)).toMatchObject({ swappiness: { original: '60', set: '7' } });
        expect(kv.get(`${v}_note_mode`)).toBe('700/600');
      }
      expect(kv.get('cleanup_exit')).toBe('0');
      expect(r.files['cleanup.out']!.toString('utf8')).toMatch(/^restored vm\.swappiness 60 \(harness \d+ had set 7\)$/m);
      expect(kv.get('a_restored')).toBe('60');
      expect(kv.get('a_notes_left')).toBe('0');
      expect(kv.get('quick_exit')).toBe('0');
      expect(kv.get('b_restored')).toBe('60');
      expect(kv.get('b_notes_left')).toBe('0');
      expect(kv.get('run_groups_left')).toBe('0');
    } finally {
      if (readFileSync(SWAPPINESS, 'utf8').trim() !== hostBefore) writeFileSync(SWAPPINESS, hostBefore);
    }
  }, VM_TEST_MS);
});
