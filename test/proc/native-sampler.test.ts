// The native sampling thread (native/sampler.c through src/proc/native-sampler.ts) against real
// processes: its readings equal /proc read from JavaScript, a pid that exits is reported gone, each
// tick reads each pid once, and no thread outlives stop()/destroy(). Needs the native build, no
// privileges. Nothing here asserts a time: only counts and values.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeSampler } from '../../src/proc/native-sampler.js';
import { NativeError } from '../../src/native/errors.js';
import { NativeSampler, type NativeRecord } from '../../src/proc/native-sampler.js';
import { parsePidStatm, emptyPidStatm } from '../../src/proc/pid-statm.js';
import { parsePidStatus, emptyPidStatus } from '../../src/proc/pid-status.js';
import { parsePidStat, emptyPidStat } from '../../src/proc/pid-stat.js';
import { procUnits } from '../../src/proc/clock.js';
import { PACKAGE_ROOT } from '../../src/native/build-paths.js';
import { join } from 'node:path';
import { Sampler } from '../../src/proc/sampler.js';
import { killAll, MiB, start, waitFor } from './children.js';
import { samplerThreads } from '../helpers/sampler-threads.js';

const HOG = join(PACKAGE_ROOT, 'build', 'Release', 'oomlab-hog');

let sampler: NativeSampler | undefined;
afterEach(async () => {
  sampler?.destroy();
  sampler = undefined;
  await killAll();
});


/** Drain into plain copies. */
function drainAll(s: NativeSampler): NativeRecord[] {
  const out: NativeRecord[] = [];
  s.drain((r) => out.push({ ...r }));
  return out;
}

/** Idle processes (sleep): their sizes do not change, so a JS read must equal the thread's. */
function sleepers(n: number): number[] {
  return Array.from({ length: n }, () => start('sleep', ['60']).pid!);
}

// Exec'ed and settled: asleep in its nanosleep with the same statm twice running (right after exec the
// loader still maps libraries and locale files, so a reading taken then differs from a later one).
async function execed(pids: number[]): Promise<void> {
  let last = '';
  await waitFor(
    () => {
      const now = pids.map((p) => readFileSync(`/proc/${p}/statm`, 'latin1')).join('|');
      const settled = pids.every((p) => readFileSync(`/proc/${p}/stat`, 'latin1').includes('(sleep) S')) && now === last;
      last = now;
      return settled;
    },
    10_000,
    'sleep to exec and settle',
  );
}

describe('NativeSampler', () => {
  it('reads the same statm and status values as JavaScript does', async () => {
    const pids = sleepers(3);
    await execed(pids);
    // detail on every tick, so each reading carries status too
    sampler = new NativeSampler({ intervalMs: 5, detailMaxAgeMs: 5 });
    sampler.setPids(pids);
    sampler.start();
    const recs: NativeRecord[] = [];
    await waitFor(() => (recs.push(...drainAll(sampler!)), sampler!.stats().ticks >= 3), 10_000, 'three ticks');
    sampler.stop();
    recs.push(...drainAll(sampler));
    for (const pid of pids) {
      const last = recs.filter((r) => r.kind === 'pid' && r.pid === pid).at(-1);
      expect(last, `a reading of ${pid}`).toBeDefined();
      const statmText = readFileSync(`/proc/${pid}/statm`);
      const statm = emptyPidStatm();
      expect(parsePidStatm(statmText, statmText.length, 4096, statm)).toBe(true);
      expect({ vsz: last!.vsz, rss: last!.rss, fileShmem: last!.fileShmem, anon: last!.anon }).toEqual({ vsz: statm.vsz, rss: statm.rss, fileShmem: statm.shared, anon: statm.anon });
      const statusText = readFileSync(`/proc/${pid}/status`);
      const status = emptyPidStatus();
      expect(parsePidStatus(statusText, statusText.length, status)).toBe(true);
      expect(last!.detail).toBe(true);
      expect({ swap: last!.swap, hwm: last!.hwm, vmPeak: last!.vmPeak, rssFile: last!.rssFile, rssShmem: last!.rssShmem }).toEqual({
        swap: status.vmSwap,
        hwm: status.vmHwm,
        vmPeak: status.vmPeak,
        rssFile: status.rssFile,
        rssShmem: status.rssShmem,
      });
      // stat, read with status: the sleeper is asleep and does not run, so its counters hold still.
      const statText = readFileSync(`/proc/${pid}/stat`);
      const stat = emptyPidStat();
      expect(parsePidStat(statText, statText.length, 4096, stat)).toBe(true);
      expect({ state: last!.state, minflt: last!.minflt, majflt: last!.majflt, cpuTicks: last!.cpuTicks }).toEqual({ state: 'S', minflt: stat.minflt, majflt: stat.majflt, cpuTicks: stat.utime + stat.stime });
      // comm is flagged as new on a pid's first detail read only (it stays 'sleep').
      const details = recs.filter((r) => r.kind === 'pid' && r.pid === pid && r.detail);
      expect(details.map((r) => r.commChanged)).toEqual([true, ...details.slice(1).map(() => false)]);
    }
  });

  it('reports a pid that exits as gone (ESRCH), once, and one that never existed (ENOENT)', async () => {
    const [a, b] = sleepers(2);
    await execed([a!, b!]);
    const never = 4_194_303; // PID_MAX_LIMIT - 1: not a live pid on any ordinary machine
    sampler = new NativeSampler({ intervalMs: 5 });
    sampler.setPids([a!, b!, never]);
    sampler.start();
    const recs: NativeRecord[] = [];
    const collect = (): void => void sampler!.drain((r) => recs.push({ ...r }));
    await waitFor(() => (collect(), recs.some((r) => r.kind === 'pid' && r.pid === a)), 10_000, 'a reading of the first pid');
    process.kill(a!, 'SIGKILL');
    await waitFor(() => (collect(), recs.some((r) => r.kind === 'gone' && r.pid === a)), 10_000, 'the gone record');
    const ticksAfter = sampler.stats().ticks;
    await waitFor(() => (collect(), sampler!.stats().ticks >= ticksAfter + 5), 10_000, 'five more ticks');
    sampler.stop();
    collect();
    const goneA = recs.filter((r) => r.kind === 'gone' && r.pid === a);
    expect(goneA).toHaveLength(1);
    expect(goneA[0]!.code).toBe('ESRCH'); // a zombie (no memory) or reaped: either way ESRCH
    expect(goneA[0]!.error).toBeUndefined();
    const at = recs.indexOf(recs.find((r) => r.kind === 'gone' && r.pid === a)!);
    expect(recs.slice(at + 1).some((r) => r.pid === a)).toBe(false); // not read again
    expect(recs.slice(at + 1).some((r) => r.kind === 'pid' && r.pid === b)).toBe(true); // the other goes on
    const goneNever = recs.filter((r) => r.pid === never);
    expect(goneNever.map((r) => [r.kind, r.code])).toEqual([['gone', 'ENOENT']]);
  });

  it('reads each pid once per tick, and status in rotation every detailMaxAgeMs / intervalMs ticks', async () => {
    const pids = sleepers(4);
    await execed(pids);
    sampler = new NativeSampler({ intervalMs: 2, detailMaxAgeMs: 10, detailPerTick: 0 }); // status every 5th tick
    sampler.setPids(pids);
    sampler.start();
    const recs: NativeRecord[] = [];
    await waitFor(() => (sampler!.drain((r) => recs.push({ ...r })), sampler!.stats().ticks >= 41), 20_000, '41 ticks');
    sampler.stop();
    sampler.drain((r) => recs.push({ ...r }));
    // Between consecutive tick records: exactly one reading of each pid (the list is taken at the first tick).
    const ticks = recs.flatMap((r, i) => (r.kind === 'tick' ? [i] : []));
    expect(ticks.length).toBeGreaterThanOrEqual(41);
    for (let k = 0; k < ticks.length; k++) {
      const batch = recs.slice(ticks[k]! + 1, ticks[k + 1] ?? recs.length);
      expect(batch.map((r) => r.pid).sort()).toEqual([...pids].sort());
    }
    // Over 40 whole ticks, each pid had status read on exactly 8 of them (1 in 5).
    for (const pid of pids) {
      const details = recs.slice(ticks[0]!, ticks[40]!).filter((r) => r.pid === pid && r.detail).length;
      expect(details).toBe(8);
    }
    expect(sampler.stats().dropped).toBe(0);
  });

  it('with changesOnly, writes an idle pid once (its first reading) and then only its status turns', async () => {
    const pids = sleepers(2);
    await execed(pids);
    sampler = new NativeSampler({ intervalMs: 2, detailMaxAgeMs: 20, detailPerTick: 0, changesOnly: true }); // status every 10th tick
    sampler.setPids(pids);
    sampler.start();
    const recs: NativeRecord[] = [];
    await waitFor(() => (sampler!.drain((r) => recs.push({ ...r })), sampler!.stats().ticks >= 41), 20_000, '41 ticks');
    sampler.stop();
    const ticks = recs.flatMap((r, i) => (r.kind === 'tick' ? [i] : []));
    for (const pid of pids) {
      const inFirst = recs.slice(ticks[0]! + 1, ticks[1]!).filter((r) => r.pid === pid);
      expect(inFirst).toHaveLength(1); // the first reading is a change from nothing
      const mine = recs.slice(ticks[0]!, ticks[41]!).filter((r) => r.pid === pid);
      expect(mine.slice(1).filter((r) => r.detail)).toHaveLength(4); // ticks 1..40: every 10th
      // Anything else is a change (sleep may still be settling after exec): never a repeat.
      for (let i = 1; i < mine.length; i++) {
        if (mine[i]!.detail) continue;
        const [a, b] = [mine[i - 1]!, mine[i]!];
        expect([a.vsz, a.rss, a.fileShmem]).not.toEqual([b.vsz, b.rss, b.fileShmem]);
      }
    }
  });

  it('leaves no thread behind after stop, a second start, and destroy', async () => {
    expect(samplerThreads()).toBe(0);
    sampler = new NativeSampler({ intervalMs: 5 });
    expect(samplerThreads()).toBe(0); // created, not started
    sampler.start();
    sampler.start(); // a no-op while running
    expect(samplerThreads()).toBe(1);
    sampler.stop();
    expect(samplerThreads()).toBe(0); // stop joins the thread
    sampler.start();
    expect(samplerThreads()).toBe(1);
    sampler.destroy();
    expect(samplerThreads()).toBe(0);
    expect(() => sampler!.start()).toThrow(/destroyed/);
    sampler = undefined;
    // Many short-lived samplers: still none left.
    for (let i = 0; i < 20; i++) {
      const s = new NativeSampler({ intervalMs: 1 });
      s.start();
      s.destroy();
    }
    expect(samplerThreads()).toBe(0);
  });

  it('validates before crossing, and the C side refuses what slips through as a NativeError', () => {
    expect(() => new NativeSampler({ intervalMs: 0 })).toThrow(RangeError);
    expect(() => new NativeSampler({ intervalMs: 10, detailMaxAgeMs: 5 })).toThrow(RangeError);
    expect(() => new NativeSampler({ intervalMs: 10, detailPerTick: 1.5 })).toThrow(RangeError);
    sampler = new NativeSampler({ intervalMs: 10 });
    expect(() => sampler!.setPids([0])).toThrow(RangeError);
    expect(() => sampler!.setPids([Number.NaN])).toThrow(RangeError);
    let err: unknown;
    try {
      nativeSampler({ intervalNs: 0, detailEvery: 0, detailChanged: 0, capacity: 1, changesOnly: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NativeError);
    expect(err).toMatchObject({ errno: 22, code: 'EINVAL', syscall: 'sampler_create' });
  });
});

describe("Sampler({ backend: 'native' })", () => {
  it('gives the same report shape and values as the JavaScript backend', async () => {
    const pids = sleepers(2);
    await execed(pids);
    const reports = [];
    for (const backend of ['js', 'native'] as const) {
      const s = new Sampler({ intervalMs: 5, backend, idleBackoffMs: 0, host: false });
      try {
        pids.forEach((p, i) => s.addParticipant(`p${i}`, p));
        s.start();
        await waitFor(() => s.stats().ticks >= 5, 10_000, `${backend} ticks`);
        s.stop();
        expect(s.stats().backend).toBe(backend);
        reports.push(s.report());
      } finally {
        s.close();
      }
    }
    const [js, native] = reports;
    expect(Object.keys(native!).sort()).toEqual(Object.keys(js!).sort());
    for (let i = 0; i < pids.length; i++) {
      const a = js!.participants[i]!;
      const b = native!.participants[i]!;
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(Object.keys(b.pids[0]!).sort()).toEqual(Object.keys(a.pids[0]!).sort());
      expect(b.pids[0]!.comm).toBe('sleep');
      for (const k of ['pid', 'vsz', 'rss', 'anon', 'fileShmem', 'swap'] as const) expect(b.pids[0]![k], k).toBe(a.pids[0]![k]);
      expect(b.latest.rss).toBe(a.latest.rss);
    }
    expect(native!.stats.nativeDropped).toBe(0);
  });
});

describe("Sampler({ backend: 'native' }) with batched drains", () => {
  it('follows an exec (comm), takes faults and CPU from the thread, and gives each thread tick its own row', async () => {
    // A shell that execs sleep after a moment: comm goes from sh to sleep, and the thread flags it.
    const sh = start('sh', ['-c', 'read x; exec sleep 600']);
    // A hog growing 1 MiB every 10 ms for ~0.6 s: its RSS changes on many thread ticks.
    const grow = start(HOG, ['--defaults', '--total', String(64 * MiB), '--touch', 'memset', '--interval', String(10e6), '--after', 'hold']);
    const s = new Sampler({ intervalMs: 5, backend: 'native', drainMs: 1000, detailMaxAgeMs: 20, host: false });
    try {
      s.addParticipant('sh', sh.pid!);
      s.addParticipant('grow', grow.pid!);
      s.start();
      await waitFor(() => (s.sampleNow(), s.participantNow('sh')?.pids[0]?.comm === 'sh'), 10_000, 'the shell read');
      sh.stdin!.write('go\n');
      await waitFor(() => (s.sampleNow(), s.participantNow('sh')?.pids[0]?.comm === 'sleep'), 10_000, 'the exec seen');
      await waitFor(() => (s.sampleNow(), (s.participantNow('grow')?.latest.rss ?? 0) >= 64 * MiB), 20_000, 'the hog grown');
      s.stop();
      const g = s.participant('grow')!;
      // Rows come from the thread's ticks, not from the drains: many, strictly later each, RSS never falling.
      expect(g.series.t.length).toBeGreaterThanOrEqual(8);
      for (let i = 1; i < g.series.t.length; i++) {
        expect(g.series.t[i]!).toBeGreaterThan(g.series.t[i - 1]!);
        expect(g.series.rss[i]!).toBeGreaterThanOrEqual(g.series.rss[i - 1]!);
      }
      const p = g.pids[0]!;
      const statText = readFileSync(`/proc/${grow.pid}/stat`);
      const stat = emptyPidStat();
      expect(parsePidStat(statText, statText.length, 4096, stat, true)).toBe(true);
      expect(p.comm).toBe(stat.comm);
      expect(p.minflt).toBeGreaterThan(16 * 1024 * 0.5); // 64 MiB touched: ~16k minor faults, from the thread's stat reads
      expect(p.minflt).toBeLessThanOrEqual(stat.minflt);
      expect(p.cpuSeconds).toBeLessThanOrEqual((stat.utime + stat.stime) / procUnits().clockTicks);
      expect(s.stats().nativeDropped).toBe(0);
    } finally {
      s.close();
    }
  });

  it('strict: every pid every tick, on the native thread unless a backend is named; a back-off with it is refused', () => {
    const s = new Sampler({ intervalMs: 10, strict: true, host: false });
    const j = new Sampler({ intervalMs: 10, strict: true, backend: 'js', host: false });
    try {
      expect(s.stats().backend).toBe('native');
      expect(j.stats().backend).toBe('js');
      expect(new Sampler({ intervalMs: 10, host: false }).stats().backend).toBe('js');
    } finally {
      s.close();
      j.close();
    }
    expect(() => new Sampler({ intervalMs: 10, strict: true, idleBackoffMs: 100 })).toThrow(/idleBackoffMs must be 0 \(or unset\) with strict, got 100/);
  });

  it('refuses a drainMs outside [intervalMs, max(1000, intervalMs)]', () => {
    expect(() => new Sampler({ intervalMs: 10, backend: 'native', drainMs: 5 })).toThrow(/drainMs must be from intervalMs \(10\) to 1000, got 5/);
    expect(() => new Sampler({ intervalMs: 10, backend: 'native', drainMs: 5000 })).toThrow(RangeError);
  });

  it('takes a sampling interval over a second, on either backend (a scenario`s `sample: 5s`)', () => {
    for (const backend of ['js', 'native'] as const) {
      const s = new Sampler({ intervalMs: 5000, backend, host: false });
      s.close();
    }
    expect(() => new Sampler({ intervalMs: 5000, backend: 'native', drainMs: 6000 })).toThrow(/drainMs must be from intervalMs \(5000\) to 5000, got 6000/);
  });
});
