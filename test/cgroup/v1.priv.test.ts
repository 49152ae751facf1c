import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { openCgroupRoot, type Cgroup } from '../../src/cgroup/index.js';
import { ownedName } from '../../src/cgroup/names.js';
import { destroyCgroup } from '../../src/cgroup/destroy.js';
import { realIo } from '../../src/cgroup/io.js';
import { memcgV1SkipReason } from '../helpers/privileges.js';

const MiB = 1024 ** 2;
const skip = memcgV1SkipReason();

// On this machine for real: root, the memory controller on cgroup v1 (hybrid hierarchy). Every group a
// test makes is destroyed in afterEach, also when an assertion failed; every process runs in a group
// with a memory limit.
describe.skipIf(skip)(`cgroup v1 backend, for real${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const groups: Cgroup[] = [];
  const dirs: string[] = [];
  const procs: ResultPromise[] = [];

  afterEach(async () => {
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    for (const g of groups.splice(0)) await g.destroy();
    for (const d of dirs.splice(0)) if (existsSync(d)) await destroyCgroup(realIo(), d);
  });

  const makeRun = (limits = {}) => {
    const root = openCgroupRoot();
    const g = root.createRun(limits);
    groups.push(g);
    return { root, g };
  };
  const file = (g: Cgroup, name: string) => readFileSync(join(g.path, name), 'utf8').trim();

  it('detects v1 and makes the run group under the harness own memory cgroup, named for cleanup', () => {
    const { root, g } = makeRun();
    expect(root.version).toBe(1);
    expect(root.hierarchy.mountPoint).toBe('/sys/fs/cgroup/memory');
    const own = readFileSync('/proc/self/cgroup', 'utf8').match(/^\d+:memory:(.*)$/m)![1];
    expect(root.dir).toBe(`/sys/fs/cgroup/memory${own}`);
    expect(g.path.startsWith(`${root.dir}/oomlab-`)).toBe(true);
    expect(g.name).toMatch(new RegExp(`^oomlab-[a-z0-9]+-p${process.pid}-t\\d+$`));
    expect(existsSync(g.procsFile)).toBe(true);
  });

  it('applies memory, swappiness and oomKillDisable and reads them back from the real files', () => {
    const { g } = makeRun({ memory: 64 * MiB, swappiness: 10, oomKillDisable: true });
    expect(file(g, 'memory.limit_in_bytes')).toBe(String(64 * MiB));
    expect(file(g, 'memory.swappiness')).toBe('10');
    expect(file(g, 'memory.oom_control')).toMatch(/^oom_kill_disable 1$/m);
    expect(g.readLimits()).toMatchObject({ memory: 64 * MiB, swappiness: 10, oomKillDisable: true });
    g.setLimits({ memory: 'max', oomKillDisable: false });
    expect(g.readLimits()).toMatchObject({ memory: 'max', oomKillDisable: false });
  });

  it('swap limit: memsw = memory + swap when memsw exists, else a clear swap-accounting error', () => {
    const { g } = makeRun({ memory: 32 * MiB });
    if (existsSync(join(g.path, 'memory.memsw.limit_in_bytes'))) {
      g.setLimits({ swap: 16 * MiB });
      expect(file(g, 'memory.memsw.limit_in_bytes')).toBe(String(48 * MiB));
      // Raising memory above the current memsw needs memsw written first; the swap allowance is kept.
      g.setLimits({ memory: 128 * MiB });
      expect(file(g, 'memory.limit_in_bytes')).toBe(String(128 * MiB));
      expect(file(g, 'memory.memsw.limit_in_bytes')).toBe(String(144 * MiB));
      // Lowering both: memory first.
      g.setLimits({ memory: 16 * MiB, swap: 0 });
      expect(g.readLimits()).toMatchObject({ memory: 16 * MiB, swap: 0 });
      g.setLimits({ swap: 'max' });
      expect(g.readLimits()).toMatchObject({ memory: 16 * MiB, swap: 'max' });
    } else {
      expect(() => g.setLimits({ swap: 16 * MiB })).toThrow(/swap accounting is off.*swapaccount=1/);
    }
  });

  it('refuses v2-only limits with an EnvironmentError', () => {
    const { g } = makeRun({ memory: 32 * MiB });
    expect(() => g.setLimits({ high: 16 * MiB })).toThrow(EnvironmentError);
    expect(() => g.setLimits({ high: 16 * MiB })).toThrow(/needs cgroup v2/);
    expect(() => g.setLimits({ oomGroup: true })).toThrow(/needs cgroup v2/);
  });

  it('reads usage, peak, events and PSI; a real process joins, and destroy kills it and removes the dir', async () => {
    const { g } = makeRun({ memory: 64 * MiB });
    const sleeper = execa('sleep', ['30'], { reject: false });
    procs.push(sleeper);
    writeFileSync(g.procsFile, String(sleeper.pid));
    expect(g.pids()).toEqual([sleeper.pid]);
    const r = g.read();
    expect(r.usageBytes).toBeGreaterThanOrEqual(0);
    expect(r.peakBytes).toBeGreaterThanOrEqual(r.usageBytes);
    expect(r.events).toMatchObject({ oomKill: 0, failcnt: 0, underOom: false });
    expect(r.stat).toHaveProperty('rss');
    expect(r.pressure?.scope).toBe('host');
    await g.destroy();
    const done = await sleeper;
    expect(done.signal).toBe('SIGKILL');
    expect(existsSync(g.path)).toBe(false);
  });

  it('sub-groups are made inside the run group and removed with it', async () => {
    const { g } = makeRun({ memory: 64 * MiB });
    const child = g.createChild('db', { memory: 16 * MiB });
    expect(file(child, 'memory.limit_in_bytes')).toBe(String(16 * MiB));
    await g.destroy();
    expect(existsSync(child.path)).toBe(false);
    expect(existsSync(g.path)).toBe(false);
  });

  it('a real OOM: a process touching 64 MiB in a 16 MiB group is killed and oom_kill reads 1', async () => {
    const { g } = makeRun({ memory: 16 * MiB });
    // The shell joins the group first, then execs python, so every page python touches is charged here.
    const script = `echo $$ > ${g.procsFile} && exec python3 -c "b = bytearray(64 << 20); print(len(b))"`;
    const hog = execa('sh', ['-c', script], { reject: false, timeout: 60_000 });
    procs.push(hog);
    const r = await hog;
    expect(r.signal).toBe('SIGKILL');
    const reading = g.read();
    expect(reading.events.oomKill).toBe(1);
    expect(reading.events.failcnt).toBeGreaterThan(0);
    expect(reading.peakBytes).toBeGreaterThanOrEqual(15 * MiB);
  });

  it('oomKillDisable: a hog waits at the limit (under_oom), and destroy still kills it and removes the group', async () => {
    const { g } = makeRun({ memory: 16 * MiB, oomKillDisable: true });
    const script = `echo $$ > ${g.procsFile} && exec python3 -c "b = bytearray(64 << 20)"`;
    const hog = execa('sh', ['-c', script], { reject: false, timeout: 60_000 });
    procs.push(hog);
    const deadline = Date.now() + 20_000;
    // under_oom is a sample: the waiting task is woken and retries, so it can read 0 a moment later.
    let seen = g.read();
    while (!seen.events.underOom && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = g.read();
    }
    expect(seen.events).toMatchObject({ underOom: true, oomKill: 0 });
    await g.destroy({ timeoutMs: 10_000 });
    expect((await hog).signal).toBe('SIGKILL');
    expect(existsSync(g.path)).toBe(false);
  });

  it('cleanup removes a stale group named for a dead harness, keeps live ones and non-oomlab siblings', async () => {
    const { root, g } = makeRun({ memory: 32 * MiB });
    // A pid that is not running (a short-lived process that has exited), and a live pid whose start time
    // does not match (as after pid reuse): both owners are gone.
    const exited = execa('true');
    const deadPid = exited.pid!;
    await exited;
    const stale = join(root.dir, ownedName('deadbeef', { pid: deadPid, startTicks: 1 }));
    const reused = join(root.dir, ownedName('reused', { pid: process.pid, startTicks: root.owner.startTicks + 1 }));
    mkdirSync(reused);
    dirs.push(reused);
    const other = join(root.dir, `not-oomlab-${process.pid}`);
    mkdirSync(stale);
    dirs.push(stale);
    mkdirSync(join(stale, 'db'));
    mkdirSync(other);
    dirs.push(other);
    const sleeper = execa('sleep', ['30'], { reject: false });
    procs.push(sleeper);
    writeFileSync(join(stale, 'memory.limit_in_bytes'), String(32 * MiB));
    writeFileSync(join(stale, 'cgroup.procs'), String(sleeper.pid));
    const result = await root.cleanupStale();
    expect(result.removed.sort()).toEqual([stale, reused].sort());
    expect(existsSync(reused)).toBe(false);
    expect(result.live).toContain(g.path);
    expect(result.failed).toEqual([]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(g.path)).toBe(true);
    expect((await sleeper).signal).toBe('SIGKILL');
    rmdirSync(other);
  });
});
