import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCgroupRoot } from '../../src/cgroup/index.js';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { parseScenarioText } from '../../src/scenario/index.js';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import { cgroupSkipReason, hierarchy, ownCgroupDir, removeCgroupTree, TEST_ROOT_V2 } from '../helpers/cgroups.js';
import { checkedResult } from '../helpers/scenario.js';
import { byDesign, needs } from '../helpers/skips.js';

// What only cgroup v2 has, for real (npm test runs this in the v2 VM: test/vm/host-suites.priv.test.ts):
// the harness moving into a leaf of its own, and put back when it cannot; the host vm.swappiness that
// a `swappiness` limit changes for a run (with --allow-host-swappiness) and restores.
const skip = cgroupSkipReason();
const notV2 = !skip && hierarchy().version !== 2;
const SWAPPINESS = '/proc/sys/vm/swappiness';

describe.skipIf(skip ?? notV2)(byDesign(notV2, needs(skip, 'cgroup v2 delegation and host swappiness, for real'), 'cgroup v2 only; the v2 VM runs it'), () => {
  const procs: ResultPromise[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    for (const d of dirs.splice(0)) await removeCgroupTree(d);
  });

  it('a harness whose cgroup holds another process gets a clear error, and is put back where it was', async () => {
    const home = ownCgroupDir();
    const shared = join(TEST_ROOT_V2, `m-shared-${process.pid}`);
    mkdirSync(shared);
    dirs.push(shared);
    const other = execa('sh', ['-c', `echo $$ > ${shared}/cgroup.procs && exec sleep 60`], { reject: false });
    procs.push(other);
    for (let i = 0; i < 200 && !readFileSync(join(shared, 'cgroup.procs'), 'utf8').trim(); i++) await new Promise((r) => setTimeout(r, 10));
    writeFileSync(join(shared, 'cgroup.procs'), String(process.pid));
    try {
      const root = openCgroupRoot();
      expect(root.dir).toBe(shared);
      let err: unknown;
      try {
        root.createRun({ memory: 16 * 2 ** 20 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EnvironmentError);
      expect((err as Error).message).toBe(
        `the harness's cgroup ${shared} also holds other processes (${other.pid}), so cgroup v2 will not let it give memory to children (run oomlab in a cgroup of its own (e.g. systemd-run --scope -p Delegate=yes oomlab ...) or pass --cgroup-parent with a delegated cgroup)`,
      );
      // Put back: in the shared group again, the leaf it tried is gone, nothing was enabled there.
      expect(ownCgroupDir()).toBe(shared);
      expect(readdirSync(shared, { withFileTypes: true }).filter((d) => d.isDirectory())).toEqual([]);
      expect(readFileSync(join(shared, 'cgroup.subtree_control'), 'utf8').trim()).toBe('');
    } finally {
      writeFileSync(join(home, 'cgroup.procs'), String(process.pid));
    }
    expect(ownCgroupDir()).toBe(home);
  });

  it('a swappiness limit sets the host vm.swappiness for the run and restores it afterwards', async () => {
    const before = readFileSync(SWAPPINESS, 'utf8').trim();
    const wanted = before === '13' ? 14 : 13;
    const during: string[] = [];
    const r = checkedResult(await runLoadedScenario(
      parseScenarioText(`
name: swappiness-v2
cgroup: { memory: 64M, swappiness: ${wanted} }
participants:
  - name: quick
    hog: { total: 4M, touch: memset, interval: 0, hold: 100ms }
run: { duration: 60s, until: all-exited, sample: 20ms }
`, 'inline.yaml'),
      { allowHostSwappiness: true, onOutcome: () => during.push(readFileSync(SWAPPINESS, 'utf8').trim()) },
    ));
    expect(r.participants[0]!.outcome).toBe('completed');
    expect(during).toEqual([String(wanted)]);
    expect(readFileSync(SWAPPINESS, 'utf8').trim()).toBe(before);
    expect(existsSync(r.cgroups[0]!.path)).toBe(false);
  });
});
