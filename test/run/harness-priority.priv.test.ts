import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HARNESS_NICE } from '../../src/host/harness-priority.js';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import { parseScenarioText } from '../../src/scenario/index.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { checkedResult, participant } from '../helpers/scenario.js';
import { markedProcesses } from '../helpers/run-leftovers.js';
import { schedOfStat, threadSched, type Sched } from '../helpers/sched.js';
import { needs } from '../helpers/skips.js';


const skip = cgroupSkipReason() ?? (process.getuid?.() !== 0 ? 'needs root (to lower a nice value)' : undefined);
const dir = mkdtempSync(join(tmpdir(), 'oomlab-priority-'));

// During a run the harness's thread has a higher priority (src/host/harness-priority.ts), and its
// participants run at the priority they would have had without it: a hog (through the fork server)
// and a command (through execa) both report nice 0 under SCHED_OTHER. After the run, the thread is
// as it was.
describe.skipIf(skip)(needs(skip, 'a run with the harness thread raised, for real'), () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it('the harness thread runs at HARNESS_NICE during the run; a hog and a command start at nice 0; afterwards it is put back', async () => {
    const out = join(dir, 'command.stat');
    const seen: Sched[] = [];
    const hogStats: string[] = [];
    const scenario = parseScenarioText(
      `
name: priority
cgroup: { memory: 128M, swap: 0 }
participants:
  - name: holder
    hog: { total: 1M, touch: memset, interval: 0, hold: 2s }
  - name: cmd
    command: { argv: [sh, -c, 'cat /proc/self/stat > ${out}'] }
run: { duration: 3s, until: all-exited, sample: 50ms }
`,
      'inline.yaml',
    );
    const r = checkedResult(
      await runLoadedScenario(scenario, {
        onTick: (view) => {
          seen.push(threadSched());
          if (hogStats.length || view.instances.find((i) => i.name === 'holder')?.state !== 'running') return;
          // the hog is known by its name (comm) among the processes this harness started
          const hog = markedProcesses(process.pid).find((p) => p.comm === 'holder' && p.exe?.endsWith('/oomlab-hog'));
          if (hog) hogStats.push(readFileSync(`/proc/${hog.pid}/stat`, 'latin1'));
        },
      }),
    );
    expect(participant(r, 'holder').outcome).toBe('completed');
    expect(participant(r, 'cmd').outcome).toBe('completed');
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toEqual({ nice: HARNESS_NICE, policy: 0, resetOnFork: true });
    expect(hogStats).toHaveLength(1);
    expect(schedOfStat(hogStats[0]!)).toEqual({ nice: 0, policy: 0 });
    expect(schedOfStat(readFileSync(out, 'latin1'))).toEqual({ nice: 0, policy: 0 });
    expect(threadSched()).toEqual({ nice: 0, policy: 0, resetOnFork: false });
  });
});
