import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { InputError } from '../../src/errors/input-error.js';
import { openCgroupRoot, type CgroupRootOptions } from '../../src/cgroup/index.js';
import { ownedName } from '../../src/cgroup/names.js';
import { fakeCgroupfs, type FakeCgroupfs, type FakeCgroupfsOptions } from '../helpers/fake-cgroupfs.js';

const MiB = 1024 ** 2;
const OWN = '/user.slice/user-0.slice/session-1.scope';
const PID = 4242;
const TICKS = 1000;

// The v2 backend, for real against a fake cgroupfs (test/helpers/fake-cgroupfs.ts simulates the few
// kernel rules the layer relies on). Each test builds its own tree and removes it afterwards.
describe('cgroup v2 backend on a fake cgroupfs', () => {
  const trees: FakeCgroupfs[] = [];
  afterEach(() => {
    for (const t of trees.splice(0)) t.remove();
  });
  const setup = (fake: FakeCgroupfsOptions = {}, root: Omit<CgroupRootOptions, 'io' | 'pid'> = {}) => {
    const fs = fakeCgroupfs({ ownPath: OWN, harnessPid: PID, harnessStartTicks: TICKS, ...fake });
    trees.push(fs);
    return { fs, root: openCgroupRoot({ io: fs.io, pid: PID, ...root }) };
  };
  const text = (path: string) => readFileSync(path, 'utf8').trim();
  const procs = (path: string) => text(join(path, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);

  it('detects pure v2 and uses the harness own cgroup as the parent', () => {
    const { fs, root } = setup({ ownSubtreeControl: ['memory'] });
    expect(root.version).toBe(2);
    expect(root.hierarchy).toEqual({ version: 2, layout: 'unified', mountPoint: '/sys/fs/cgroup', ownPath: OWN });
    expect(root.dir).toBe(fs.dir(OWN));
    expect(root.owner).toEqual({ pid: PID, startTicks: TICKS });
  });

  it('creates the run group with limits written to the v2 files', () => {
    const { fs, root } = setup({ ownSubtreeControl: ['memory'] });
    const g = root.createRun({ memory: 64 * MiB, swap: 16 * MiB, high: 48 * MiB, oomGroup: true }, { runId: 'r1' });
    expect(g.path).toBe(join(fs.dir(OWN), `oomlab-r1-p${PID}-t${TICKS}`));
    expect(g.procsFile).toBe(join(g.path, 'cgroup.procs'));
    expect(text(join(g.path, 'memory.max'))).toBe(String(64 * MiB));
    expect(text(join(g.path, 'memory.swap.max'))).toBe(String(16 * MiB));
    expect(text(join(g.path, 'memory.high'))).toBe(String(48 * MiB));
    expect(text(join(g.path, 'memory.oom.group'))).toBe('1');
    g.setLimits({ memory: 'max', swap: 0, high: 'max', oomGroup: false });
    expect(g.readLimits()).toEqual({ memory: 'max', swap: 0, high: 'max', oomGroup: false });
  });

  it('refuses what v2 cannot do, and bad values, leaving nothing behind', () => {
    const { fs, root } = setup({ ownSubtreeControl: ['memory'], swapFiles: false });
    expect(() => root.createRun({ oomKillDisable: true })).toThrow(/oomKillDisable needs cgroup v1/);
    expect(() => root.createRun({ swap: MiB })).toThrow(/swap accounting is off.*swapaccount=1/);
    expect(() => root.createRun({ memory: -1 })).toThrow(InputError);
    expect(() => root.createRun({ memory: '1G' as never }, { field: 'cgroup' })).toThrow(/cgroup\.memory: expected a size in bytes/);
    // Nothing left behind by the refused creates.
    expect(fs.io.subdirs(root.dir)).toEqual([]);
  });

  it('reads usage, peak, swap, events, stat and the group PSI', () => {
    const { root } = setup({ ownSubtreeControl: ['memory'] });
    const g = root.createRun({ memory: 64 * MiB });
    writeFileSync(join(g.path, 'memory.current'), `${10 * MiB}\n`);
    writeFileSync(join(g.path, 'memory.peak'), `${20 * MiB}\n`);
    writeFileSync(join(g.path, 'memory.swap.current'), `${MiB}\n`);
    writeFileSync(join(g.path, 'memory.events'), 'low 0\nhigh 3\nmax 7\noom 1\noom_kill 1\noom_group_kill 0\n');
    writeFileSync(join(g.path, 'memory.stat'), 'anon 8388608\nfile 2097152\npgmajfault 4\n');
    writeFileSync(join(g.path, 'memory.pressure'), 'some avg10=1.50 avg60=0.30 avg300=0.06 total=123456\nfull avg10=0.75 avg60=0.10 avg300=0.02 total=65432\n');
    expect(g.read()).toEqual({
      usageBytes: 10 * MiB,
      peakBytes: 20 * MiB,
      swapBytes: MiB,
      events: { low: 0, high: 3, max: 7, oom: 1, oomKill: 1, oomGroupKill: 0 },
      stat: { anon: 8388608, file: 2097152, pgmajfault: 4 },
      pressure: { scope: 'cgroup', some: { avg10: 1.5, avg60: 0.3, avg300: 0.06, totalUs: 123456 }, full: { avg10: 0.75, avg60: 0.1, avg300: 0.02, totalUs: 65432 } },
    });
  });

  it('a kernel without memory.peak or swap files: those fields are absent, not 0', () => {
    const { root } = setup({ ownSubtreeControl: ['memory'], peak: false, swapFiles: false });
    const r = root.createRun().read();
    expect(r).not.toHaveProperty('peakBytes');
    expect(r).not.toHaveProperty('swapBytes');
  });

  describe('the no-internal-processes rule', () => {
    it('own cgroup holding only the harness: it moves into a leaf of its own, then enables +memory', () => {
      const { fs, root } = setup({ ownSubtreeControl: [] });
      const g = root.createRun({ memory: 32 * MiB });
      const leaf = join(fs.dir(OWN), `oomlab-harness-p${PID}-t${TICKS}`);
      expect(procs(leaf)).toEqual([PID]);
      expect(root.harnessLeaf).toBe(leaf);
      expect(procs(fs.dir(OWN))).toEqual([]);
      expect(text(join(fs.dir(OWN), 'cgroup.subtree_control'))).toBe('memory');
      expect(text(join(g.path, 'memory.max'))).toBe(String(32 * MiB));
      // A second root in the same process sees the leaf in /proc/self/cgroup and still uses the parent.
      writeFileSync(join(fs.root, 'proc/self/cgroup'), `0::${OWN}/oomlab-harness-p${PID}-t${TICKS}\n`);
      expect(openCgroupRoot({ io: fs.io, pid: PID }).dir).toBe(fs.dir(OWN));
    });

    it('a container (cgroup namespace) with the harness at its root: EBUSY there, so it moves into a leaf too', () => {
      const { fs, root } = setup({ ownPath: '/', namespacedRoot: true });
      expect(root.dir).toBe(fs.mount);
      const g = root.createRun({ memory: MiB });
      expect(procs(join(fs.mount, `oomlab-harness-p${PID}-t${TICKS}`))).toEqual([PID]);
      expect(text(join(g.path, 'memory.max'))).toBe(String(MiB));
    });

    it('own cgroup shared with other processes: a clear error, and the harness is put back', () => {
      const { fs, root } = setup({ ownSubtreeControl: [], otherPids: [77, 78] });
      const err = catchErr(() => root.createRun());
      expect(err).toBeInstanceOf(EnvironmentError);
      expect(err.message).toMatch(/also holds other processes \(77, 78\)/);
      expect(err.message).toMatch(/Delegate=yes.*--cgroup-parent/);
      expect(procs(fs.dir(OWN)).sort()).toEqual([77, 78, PID].sort());
      expect(existsSync(join(fs.dir(OWN), `oomlab-harness-p${PID}-t${TICKS}`))).toBe(false);
    });

    it('--cgroup-parent holding processes and not delegated: refused, naming the rule; the harness is not moved', () => {
      const { fs, root } = setup({ ownSubtreeControl: [] }, { parent: OWN });
      expect(() => root.createRun()).toThrow(/--cgroup-parent .* holds processes \(4242\).*delegated cgroup/);
      expect(procs(fs.dir(OWN))).toEqual([PID]);
    });

    it('--cgroup-parent that is delegated (memory in its subtree_control) is used as is', () => {
      const { fs } = setup({ ownSubtreeControl: [] });
      const parent = join(fs.dir('/user.slice/user-0.slice'), 'oomlab.slice');
      fs.io.mkdir(parent);
      fs.io.write(join(parent, 'cgroup.subtree_control'), '+memory');
      const r = openCgroupRoot({ io: fs.io, pid: PID, parent: '/user.slice/user-0.slice/oomlab.slice' });
      expect(r.dir).toBe(parent);
      const g = r.createRun({ memory: MiB });
      expect(g.path.startsWith(`${parent}/oomlab-`)).toBe(true);
      // The same parent, given as a path under the mount.
      expect(openCgroupRoot({ io: fs.io, pid: PID, parent: '/sys/fs/cgroup/user.slice/user-0.slice/oomlab.slice' }).dir).toBe(parent);
    });

    it('memory not handed down to the harness cgroup: a clear error', () => {
      const { root } = setup({ ownControllers: ['cpu', 'pids'] });
      expect(() => root.createRun()).toThrow(/memory controller is not available/);
    });

    it('bad or root --cgroup-parent is an input error', () => {
      const { fs } = setup();
      expect(() => openCgroupRoot({ io: fs.io, pid: PID, parent: '/no/such' })).toThrow(InputError);
      expect(() => openCgroupRoot({ io: fs.io, pid: PID, parent: '/' })).toThrow(/never makes groups at \/sys\/fs\/cgroup/);
      expect(() => openCgroupRoot({ io: fs.io, pid: PID, parent: '/user.slice/../..' })).toThrow(InputError);
    });

    it('sub-groups: the run group enables memory for them, unless it already holds processes', () => {
      const { fs, root } = setup({ ownSubtreeControl: ['memory'] });
      const g = root.createRun({ memory: 64 * MiB });
      const db = g.createChild('db', { memory: 16 * MiB });
      expect(text(join(g.path, 'cgroup.subtree_control'))).toBe('memory');
      expect(text(join(db.path, 'memory.max'))).toBe(String(16 * MiB));
      const g2 = root.createRun();
      fs.io.write(g2.procsFile, '900');
      expect(() => g2.createChild('web')).toThrow(/already holds processes \(900\)/);
      expect(() => g.createChild('tasks')).toThrow(InputError);
    });
  });

  describe('destroy', () => {
    it('writes cgroup.kill, waits until empty, removes children first', async () => {
      const { fs, root } = setup({ ownSubtreeControl: ['memory'] });
      const g = root.createRun({ memory: 64 * MiB });
      const child = g.createChild('db');
      fs.io.write(child.procsFile, '501');
      fs.io.write(child.procsFile, '502');
      await g.destroy();
      expect(fs.killed.sort()).toEqual([501, 502]);
      expect(fs.signalled).toEqual([]);
      expect(existsSync(child.path)).toBe(false);
      expect(existsSync(g.path)).toBe(false);
    });

    it('without cgroup.kill, SIGKILLs each pid from cgroup.procs', async () => {
      const { fs, root } = setup({ ownSubtreeControl: ['memory'], cgroupKill: false });
      const g = root.createRun();
      fs.io.write(g.procsFile, '601');
      fs.io.write(g.procsFile, '602');
      await g.destroy();
      expect(fs.signalled.sort()).toEqual([601, 602]);
      expect(existsSync(g.path)).toBe(false);
    });

    it('gives up after the timeout when a member will not die, naming it', async () => {
      const { fs, root } = setup({ ownSubtreeControl: ['memory'], immortal: [701] });
      const g = root.createRun();
      fs.io.write(g.procsFile, '701');
      await expect(g.destroy({ timeoutMs: 100, pollMs: 10 })).rejects.toThrow(/processes 701 are still in it/);
    });
  });

  it('cleanup removes stale oomlab groups only (runs and harness leaves): dead owner or reused pid; keeps live ones and others', async () => {
    const { fs, root } = setup({ ownSubtreeControl: ['memory'] });
    const live = root.createRun({}, { runId: 'live' });
    const dead = join(root.dir, ownedName('gone', { pid: 99999, startTicks: 5 }));
    const reused = join(root.dir, ownedName('reused', { pid: PID, startTicks: TICKS - 1 }));
    const leaf = join(root.dir, ownedName('harness', { pid: 99998, startTicks: 7 }));
    const foreign = join(root.dir, 'my-service');
    const lookalike = join(root.dir, 'oomlab-notes');
    for (const d of [dead, reused, leaf, foreign, lookalike]) fs.io.mkdir(d);
    fs.io.write(join(dead, 'cgroup.subtree_control'), '+memory');
    fs.io.mkdir(join(dead, 'db'));
    fs.io.write(join(dead, 'db', 'cgroup.procs'), '801');
    const result = await root.cleanupStale();
    expect(result.removed.sort()).toEqual([dead, leaf, reused].sort());
    expect(result.live).toEqual([live.path]);
    expect(result.failed).toEqual([]);
    expect(fs.killed).toEqual([801]);
    for (const d of [live.path, foreign, lookalike]) expect(existsSync(d)).toBe(true);
    for (const d of [dead, reused, leaf]) expect(existsSync(d)).toBe(false);
  });

  describe('swappiness on v2 (the host vm.swappiness)', () => {
    it('a create refused by the kernel after the host value was set puts the host value back', () => {
      const { fs, root } = setup({ ownSubtreeControl: ['memory'] }, { allowHostSwappiness: true });
      // memory.oom.group missing: the kernel cannot take the write (an older kernel).
      const orig = fs.io.mkdir;
      fs.io.mkdir = (p) => {
        orig(p);
        rmSync(join(p, 'memory.oom.group'));
      };
      expect(() => root.createRun({ swappiness: 5, oomGroup: true })).toThrow(EnvironmentError);
      expect(text(join(fs.root, 'proc/sys/vm/swappiness'))).toBe('60');
      expect(fs.io.subdirs(root.dir)).toEqual([]);
    });

    it('is refused unless the run may change the host setting', () => {
      const { root } = setup({ ownSubtreeControl: ['memory'] });
      expect(() => root.createRun({ swappiness: 10 })).toThrow(/no per-group swappiness.*vm\.swappiness/);
    });

    it('when allowed: set for the run, one value for all groups, restored after the last group', async () => {
      const { fs, root } = setup({ ownSubtreeControl: ['memory'] }, { allowHostSwappiness: true });
      const file = join(fs.root, 'proc/sys/vm/swappiness');
      const a = root.createRun({ swappiness: 10 });
      const b = root.createRun({ swappiness: 10 });
      expect(text(file)).toBe('10');
      expect(() => root.createRun({ swappiness: 90 })).toThrow(InputError);
      await a.destroy();
      expect(text(file)).toBe('10');
      await b.destroy();
      expect(text(file)).toBe('60');
    });
  });
});

function catchErr(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
