import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { descendants, hasChildrenFiles, listPids, readPpid, TreeTracker } from '../../src/proc/process-tree.js';
import { byDesign } from '../helpers/skips.js';

/** Whether this kernel lists children per task (CONFIG_PROC_CHILDREN), seen by the test itself. */
const CHILDREN_FILES = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
import { emptyPidStat, parsePidStat } from '../../src/proc/pid-stat.js';
import { readShared, shared } from '../../src/proc/read-file.js';
import { killAll, start, waitFor } from './children.js';

afterEach(killAll);

describe('process tree', () => {
  it('finds the children of sh -c "sleep 30 & sleep 30 & wait"', async () => {
    const sh = start('sh', ['-c', 'sleep 30 & sleep 30 & wait']);
    let found: number[] = [];
    await waitFor(() => (found = descendants(sh.pid!, false)).length >= 2, 10_000, 'two sleeps');
    expect(found).toHaveLength(2);
    for (const pid of found) expect(readPpid(pid)).toBe(sh.pid);
    expect(listPids()).toEqual(expect.arrayContaining([sh.pid!, ...found]));
  });

  it.skipIf(!CHILDREN_FILES)(byDesign(!CHILDREN_FILES, 'finds the same children through /proc/<pid>/task/<tid>/children', 'this kernel has no CONFIG_PROC_CHILDREN; the /proc scan it falls back to is tested above'), async () => {
    expect(hasChildrenFiles()).toBe(true);
    const sh = start('sh', ['-c', 'sleep 30 & sleep 30 & wait']);
    await waitFor(() => descendants(sh.pid!, false).length >= 2);
    expect(descendants(sh.pid!, true).sort()).toEqual(descendants(sh.pid!, false).sort());
  });

  it('tracks grandchildren incrementally, owned by the root they descend from', async () => {
    const sh = start('sh', ['-c', 'sh -c "sleep 30 & wait" & sleep 30 & wait']);
    const owner = new Map<number, number>([[sh.pid!, 0]]);
    const tracker = new TreeTracker();
    await waitFor(() => {
      for (const [pid, o] of tracker.scan((p) => owner.get(p))) owner.set(pid, o);
      return owner.size >= 4;
    }, 10_000, 'sh, inner sh and two sleeps');
    expect(owner.size).toBe(4);
    expect([...owner.values()].every((o) => o === 0)).toBe(true);
    expect(tracker.scan((p) => owner.get(p))).toEqual([]); // nothing new
  });

  it('reads the real stat of a process whose comm is "a) (b"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomlab-comm-'));
    try {
      const link = join(dir, 'a) (b');
      symlinkSync('/bin/sleep', link);
      const child = start(link, ['30']);
      await waitFor(() => shared.buf.subarray(0, Math.max(0, readShared(`/proc/${child.pid}/stat`))).includes('(a) (b)'), 10_000, 'exec');
      const n = readShared(`/proc/${child.pid}/stat`);
      const s = emptyPidStat();
      expect(parsePidStat(shared.buf, n, 4096, s, true)).toBe(true);
      expect(s.comm).toBe('a) (b');
      expect(s.pid).toBe(child.pid);
      expect(s.ppid).toBe(process.pid);
      expect(s.vsize).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
