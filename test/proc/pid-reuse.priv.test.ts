// A sampled pid that exits and whose number is then given to a new process (issue 16, item 2): the
// samplers keep each pid's /proc files open, and an open /proc/<pid> file pins the process it was
// opened for, so a read after that process is gone fails (ESRCH) even when the number now names a
// stranger. Its series must end there: no reading, row or peak from the new process.
//
// Real processes, real pid reuse: the sampler is paused (its descriptors stay open), the first
// process is killed and reaped, and /proc/sys/kernel/ns_last_pid is set to the number just below
// it before each spawn until a new process gets the same number (other processes on the machine
// may take it first; then that try is killed and another made). Needs root (ns_last_pid) and the
// native build. Every process started here is SIGKILLed in afterEach. Nothing here asserts a time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/native/build-paths.js';
import { NativeSampler, type NativeRecord } from '../../src/proc/native-sampler.js';
import { Sampler } from '../../src/proc/sampler.js';
import { killAll, lineFrom, MiB, start, waitFor } from './children.js';
import { needs } from '../helpers/skips.js';

const HOG = join(PACKAGE_ROOT, 'build', 'Release', 'oomlab-hog');
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';
/** The new process holds this much touched memory; the first one (sleep) holds a few hundred KiB. */
const STRANGER_BYTES = 32 * MiB;

function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (writes /proc/sys/kernel/ns_last_pid)';
  if (!existsSync(NS_LAST_PID)) return 'needs /proc/sys/kernel/ns_last_pid (CONFIG_CHECKPOINT_RESTORE)';
  if (!existsSync(HOG)) return 'needs the native build (npm run build)';
  return undefined;
}
const skip = skipReason();

let native: NativeSampler | undefined;
afterEach(async () => {
  native?.destroy();
  native = undefined;
  await killAll();
});

function exited(c: ChildProcess): Promise<void> {
  return c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));
}

/** A sleeper, exec'ed and settled; its process. */
async function sleeper(): Promise<ChildProcess> {
  const c = start('sleep', ['600']);
  await waitFor(() => readFileSync(`/proc/${c.pid}/stat`, 'latin1').includes('(sleep) S'), 10_000, 'sleep to exec');
  return c;
}

/** Kill `c`, wait until it is reaped, then start hogs until one gets its pid number; that hog, holding. */
async function reuse(c: ChildProcess): Promise<ChildProcess> {
  const pid = c.pid!;
  process.kill(pid, 'SIGKILL');
  await exited(c); // reaped by Node: the number is free
  for (let attempt = 0; attempt < 500; attempt++) {
    writeFileSync(NS_LAST_PID, String(pid - 1));
    const h = start(HOG, ['--defaults', '--total', String(STRANGER_BYTES), '--touch', 'memset', '--progress-fd', '1', '--progress-every', String(1e12)]);
    if (h.pid === pid) {
      await lineFrom(h, '{"ev":"phase","phase":"hold"');
      return h;
    }
    process.kill(h.pid!, 'SIGKILL');
    await exited(h);
  }
  throw new Error(`pid ${pid} was not given to a new process in 500 tries`);
}

/** RSS of `pid` by path (whoever has that number now). */
function rssByPath(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * 4096;
}

describe.skipIf(skip)(needs(skip, 'a sampled pid reused by a new process'), () => {
  it('the native thread reads the old descriptor as gone (ESRCH), once, and never the new process', async () => {
    const first = await sleeper();
    const pid = first.pid!;
    native = new NativeSampler({ intervalMs: 5, detailMaxAgeMs: 5 }); // stat and status every tick too
    native.setPids([pid]);
    native.start();
    const recs: NativeRecord[] = [];
    const collect = (): void => void native!.drain((r) => recs.push({ ...r }));
    await waitFor(() => (collect(), recs.some((r) => r.kind === 'pid' && r.pid === pid && r.detail)), 10_000, 'a reading of the sleeper');
    native.stop(); // paused: the descriptors opened for the sleeper stay open
    collect();
    const before = recs.length;
    const stranger = await reuse(first);
    expect(stranger.pid).toBe(pid);
    expect(rssByPath(pid)).toBeGreaterThanOrEqual(STRANGER_BYTES); // the number now names the hog
    native.start();
    const ticks0 = native.stats().ticks;
    await waitFor(() => (collect(), native!.stats().ticks >= ticks0 + 5), 10_000, 'five ticks after the reuse');
    native.stop();
    collect();
    const after = recs.slice(before).filter((r) => r.pid === pid);
    expect(after.map((r) => [r.kind, r.code])).toEqual([['gone', 'ESRCH']]);
  });

  for (const backend of ['js', 'native'] as const) {
    it(`Sampler (${backend}): the participant's series ends with the old process; no row, peak or pid from the new one`, async () => {
      const first = await sleeper();
      const pid = first.pid!;
      const s = new Sampler({ intervalMs: 5, backend, idleBackoffMs: 0, host: false, ...(backend === 'native' ? { drainMs: 20 } : {}) });
      try {
        s.addParticipant('a', pid);
        s.start();
        await waitFor(() => s.stats().ticks >= 5 && (s.participantNow('a')?.latest.pids ?? 0) === 1, 10_000, 'ticks with the sleeper read');
        s.stop(false);
        const rowsBefore = s.participant('a')!.series.t.length;
        const stranger = await reuse(first);
        expect(stranger.pid).toBe(pid);
        expect(rssByPath(pid)).toBeGreaterThanOrEqual(STRANGER_BYTES);
        s.start();
        const ticks0 = s.stats().ticks;
        await waitFor(() => s.stats().ticks >= ticks0 + 10, 10_000, 'ten ticks after the reuse');
        s.stop();
        const a = s.participant('a')!;
        expect(a.gone.map((g) => g.pid)).toEqual([pid]);
        expect(a.gone[0]!.last.comm).toBe('sleep');
        expect(a.latest.pids).toBe(0);
        expect(a.pids).toEqual([]);
        expect(rowsBefore).toBeGreaterThan(0);
        expect(a.series.rss.length).toBeGreaterThan(0);
        for (const rss of a.series.rss) expect(rss).toBeLessThan(STRANGER_BYTES);
        expect(a.peak.rss).toBeLessThan(STRANGER_BYTES);
        expect(a.peak.hwm).toBeLessThan(STRANGER_BYTES);
        expect(s.stats().pids).toBe(0);
      } finally {
        s.close();
      }
    });
  }
});
