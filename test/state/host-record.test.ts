import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCgroupRoot } from '../../src/cgroup/index.js';
import { restoreStaleRecords, stateDir, writeRecord } from '../../src/state/host-record.js';
import { fakeCgroupfs, type FakeCgroupfs } from '../helpers/fake-cgroupfs.js';

const OWN = '/user.slice/user-0.slice/session-1.scope';
const PID = 4242;
const TICKS = 1000;

// The note of host changes (src/state): written before the host vm.swappiness is changed, gone when
// the run put it back, and used by the next stale sweep when the harness died without doing so.
describe('the note of what a run changed on the host', () => {
  const trees: FakeCgroupfs[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const t of trees.splice(0)) t.remove();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const setup = () => {
    const fs = fakeCgroupfs({ ownPath: OWN, harnessPid: PID, harnessStartTicks: TICKS, ownSubtreeControl: ['memory'] });
    trees.push(fs);
    return { fs, root: openCgroupRoot({ io: fs.io, pid: PID, allowHostSwappiness: true }), swappiness: join(fs.root, 'proc/sys/vm/swappiness') };
  };
  const notes = (fsRoot: string): string[] => (existsSync(stateDir(fsRoot)) ? readdirSync(stateDir(fsRoot)) : []);
  const text = (p: string) => readFileSync(p, 'utf8').trim();

  it('is written before the change, in a private directory, and removed when the run puts the value back', async () => {
    const { fs, root, swappiness } = setup();
    const g = root.createRun({ swappiness: 10 });
    expect(text(swappiness)).toBe('10');
    expect(notes(fs.root)).toEqual([`host-p${PID}-t${TICKS}.json`]);
    const note = JSON.parse(readFileSync(join(stateDir(fs.root), notes(fs.root)[0]!), 'utf8'));
    expect(note).toEqual({ owner: { pid: PID, startTicks: TICKS }, swappiness: { original: '60', set: '10' } });
    await import('node:fs').then(({ statSync }) => {
      expect(statSync(stateDir(fs.root)).mode & 0o777).toBe(0o700);
      expect(statSync(join(stateDir(fs.root), notes(fs.root)[0]!)).mode & 0o777).toBe(0o600);
    });
    await g.destroy();
    expect(text(swappiness)).toBe('60');
    expect(notes(fs.root)).toEqual([]);
  });

  it('a harness that died (SIGKILL) without restoring: the next stale sweep restores and removes the note', async () => {
    const { fs, root, swappiness } = setup();
    root.createRun({ swappiness: 10 });
    fs.addProcess(PID, TICKS + 1); // the pid now belongs to someone else: the harness is gone
    fs.addProcess(PID + 1, 5);
    const next = openCgroupRoot({ io: fs.io, pid: PID + 1 });
    const r = await next.cleanupStale();
    expect(r.host).toEqual({ restored: [`vm.swappiness 60 (harness ${PID} had set 10)`], failed: [] });
    expect(text(swappiness)).toBe('60');
    expect(notes(fs.root)).toEqual([]);
  });

  it("a live harness's note is left alone", async () => {
    const { fs, root, swappiness } = setup();
    root.createRun({ swappiness: 10 });
    const r = await root.cleanupStale();
    expect(r.host.restored).toEqual([]);
    expect(text(swappiness)).toBe('10');
    expect(notes(fs.root)).toHaveLength(1);
  });

  it('a state directory others can write, or a symlink, is refused before anything is read or changed', async () => {
    for (const plant of ['open', 'symlink'] as const) {
      const { fs, root, swappiness } = setup();
      mkdirSync(join(fs.root, 'run'), { recursive: true });
      if (plant === 'open') {
        mkdirSync(stateDir(fs.root));
        chmodSync(stateDir(fs.root), 0o777);
      } else {
        const elsewhere = mkdtempSync(join(tmpdir(), 'oomlab-planted-'));
        dirs.push(elsewhere);
        symlinkSync(elsewhere, stateDir(fs.root));
      }
      expect(() => root.createRun({ swappiness: 10 })).toThrow(/not a private directory/);
      expect(text(swappiness)).toBe('60');
      await expect(root.cleanupStale()).rejects.toThrow(/not a private directory/);
    }
  });

  it('a swapfile in the note is turned off and its folder removed; a path of another shape is not touched', () => {
    const fsRoot = mkdtempSync(join(tmpdir(), 'oomlab-state-'));
    dirs.push(fsRoot);
    const ours = '/tmp/oomlab-swap-Ab12Cd/swapfile';
    const other = '/etc/fstab';
    mkdirSync(join(fsRoot, '/tmp/oomlab-swap-Ab12Cd'), { recursive: true });
    writeFileSync(join(fsRoot, ours), '');
    writeRecord(stateDir(fsRoot), { owner: { pid: 77, startTicks: 1 }, swapfiles: [ours, other, '/tmp/../oomlab-swap-Ab12Cd/swapfile'] });
    const off: string[] = [];
    const r = restoreStaleRecords({ fsRoot, alive: () => false, activeSwaps: () => [ours, other], swapoff: (p) => off.push(p) });
    expect(off).toEqual([ours]);
    expect(r).toEqual({ restored: [`swapfile ${ours} turned off and removed (harness 77)`], failed: [] });
    expect(existsSync(join(fsRoot, '/tmp/oomlab-swap-Ab12Cd'))).toBe(false);
    expect(readdirSync(stateDir(fsRoot))).toEqual([]);
  });

  it('a swapoff that fails keeps the note for the next try', () => {
    const fsRoot = mkdtempSync(join(tmpdir(), 'oomlab-state-'));
    dirs.push(fsRoot);
    const ours = '/tmp/oomlab-swap-Zz99Yy/swapfile';
    writeRecord(stateDir(fsRoot), { owner: { pid: 78, startTicks: 1 }, swapfiles: [ours] });
    const r = restoreStaleRecords({ fsRoot, alive: () => false, activeSwaps: () => [ours], swapoff: () => { throw new Error('Device or resource busy'); } });
    expect(r.failed).toEqual([{ what: `swapfile ${ours}`, error: 'Device or resource busy' }]);
    expect(readdirSync(stateDir(fsRoot))).toEqual(['host-p78-t1.json']);
  });
});
