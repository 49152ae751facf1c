import { afterEach, describe, expect, it } from 'vitest';
import { Sampler } from '../../src/proc/sampler.js';
import type { GoneEvent } from '../../src/proc/group.js';
import { killAll, lineFrom, MiB, start, waitFor } from './children.js';

let sampler: Sampler | undefined;
afterEach(async () => {
  sampler?.close();
  sampler = undefined;
  await killAll();
});

// Holds 64 MiB, touched, after "go" on stdin; bounded by construction.
const HOLDER = `
process.stdout.write('ready\\n');
process.stdin.once('data', () => { globalThis.keep = Buffer.alloc(64 * 1024 * 1024).fill(1); process.stdout.write('held\\n'); });
setInterval(() => {}, 1000);
`;

// Touches 64 MiB, frees it, and reports once RSS is back down: the peak is only in VmHWM.
const SPIKE = `
const fs = require('node:fs');
const kb = (k) => Number(fs.readFileSync('/proc/self/status', 'latin1').match(new RegExp(k + ':\\\\s+(\\\\d+)'))[1]);
let b = Buffer.alloc(64 * 1024 * 1024).fill(1);
const peak = kb('VmRSS');
b = null;
const t0 = Date.now();
(function settle() {
  gc();
  if (kb('VmRSS') < peak - 48 * 1024 || Date.now() - t0 > 5000) process.stdout.write('freed ' + kb('VmRSS') + ' ' + kb('VmHWM') + '\\n');
  else setTimeout(settle, 20);
})();
setInterval(() => {}, 1000);
`;

describe('Sampler', () => {
  it('sees a child tree grow by 64 MiB', async () => {
    const child = start(process.execPath, ['-e', HOLDER]);
    await lineFrom(child, 'ready');
    sampler = new Sampler({ intervalMs: 5 });
    sampler.addParticipant('holder', child.pid!);
    sampler.start();
    await waitFor(() => sampler!.stats().ticks >= 3, 10_000, 'first ticks');
    const held = lineFrom(child, 'held');
    child.stdin!.write('go\n');
    await held;
    // An idle pid is read less often (back-off), so wait for the reading rather than for ticks.
    await waitFor(() => sampler!.participant('holder')!.latest.rss >= 64 * MiB, 10_000, 'the 64 MiB in a sample');
    sampler.stop();
    const r = sampler.participant('holder')!;
    const rss = r.series.rss;
    expect(rss.length).toBeGreaterThan(5);
    expect(Math.max(...rss) - rss[0]!).toBeGreaterThanOrEqual(60 * MiB);
    expect(r.peak.rss).toBe(Math.max(...rss));
    expect(r.peak.anon).toBeGreaterThanOrEqual(64 * MiB);
    expect(r.latest.pids).toBe(1);
    expect(r.pids[0]!.pid).toBe(child.pid);
    expect(r.pids[0]!.comm).toBe('node');
    expect(r.series.t.length).toBe(rss.length);
    expect(r.series.vsz.every((v, i) => v >= rss[i]!)).toBe(true);
  });

  it('keeps a peak freed before any sample, through VmHWM', async () => {
    const child = start(process.execPath, ['--expose-gc', '-e', SPIKE]);
    const [, rssKb, hwmKb] = (await lineFrom(child, 'freed')).split(' ').map(Number);
    expect(hwmKb! - rssKb!).toBeGreaterThan(48 * 1024); // the child did free it
    sampler = new Sampler({ intervalMs: 5 });
    sampler.addParticipant('spike', child.pid!);
    sampler.start();
    await waitFor(() => sampler!.stats().ticks >= 3);
    sampler.stop();
    const { peak } = sampler.participant('spike')!;
    expect(peak.hwm).toBeGreaterThanOrEqual(64 * MiB);
    expect(peak.hwmPid).toBe(child.pid);
    expect(peak.best).toBe(peak.hwm);
    expect(peak.rss).toBeLessThan(peak.hwm - 40 * MiB); // no sample saw it
  });

  it('follows a shell tree and reports each child that vanishes, without throwing', async () => {
    const sh = start('sh', ['-c', 'sleep 30 & sleep 30 & wait']);
    const gone: GoneEvent[] = [];
    sampler = new Sampler({ intervalMs: 2, treeScanMs: 5, onGone: (e) => gone.push(e) });
    sampler.addParticipant('shell', sh.pid!);
    sampler.start();
    const execd = (): boolean => sampler!.participant('shell')!.pids.filter((p) => p.comm === 'sleep').length === 2;
    await waitFor(() => sampler!.participant('shell')!.latest.pids === 3 && execd(), 10_000, 'sh and two sleeps');
    const sleeps = sampler.participant('shell')!.pids.filter((p) => p.pid !== sh.pid);
    expect(sleeps.map((p) => p.comm)).toEqual(['sleep', 'sleep']);
    process.kill(sleeps[0]!.pid, 'SIGKILL');
    await waitFor(() => gone.length === 1, 10_000, 'gone event');
    expect(gone[0]).toMatchObject({ group: 'shell', kind: 'participant', pid: sleeps[0]!.pid, comm: 'sleep' });
    expect(gone[0]!.last.rss).toBeGreaterThan(0); // the last size seen alive, not the zombie's zeros
    expect(gone[0]!.at).toBeGreaterThanOrEqual(gone[0]!.last.t);
    await killAll();
    await waitFor(() => gone.length === 3, 10_000, 'all gone');
    sampler.stop();
    const r = sampler.participant('shell')!;
    expect(r.latest.pids).toBe(0);
    expect(r.goneCount).toBe(3);
    expect(r.peak.rss).toBeGreaterThan(0);
  });

  it('backs off an idle pid, and reads every pid every tick with idleBackoffMs 0', async () => {
    const child = start('sleep', ['30']);
    const rows = async (idleBackoffMs: number): Promise<[number, number]> => {
      const s = new Sampler({ intervalMs: 1, idleBackoffMs, host: false });
      s.addParticipant('idle', child.pid!);
      s.start();
      await waitFor(() => s.stats().ticks >= 100);
      s.stop(false);
      const r: [number, number] = [s.participant('idle')!.series.t.length, s.stats().ticks];
      s.close();
      return r;
    };
    const [strictRows, strictTicks] = await rows(0);
    expect(strictRows).toBe(strictTicks);
    const [idleRows, idleTicks] = await rows(64);
    expect(idleRows).toBeLessThan(idleTicks / 4);
    expect(idleRows).toBeGreaterThanOrEqual(Math.floor(idleTicks / 64));
  });

  it('accepts a pid that is already gone', async () => {
    const child = start('true', []);
    await new Promise((r) => child.once('exit', r));
    sampler = new Sampler({ intervalMs: 5 });
    sampler.addParticipant('ghost', child.pid!);
    sampler.sampleNow();
    expect(sampler.participant('ghost')!.latest.pids).toBe(0);
  });

  it('computes interval and cost statistics, and samples the host', async () => {
    sampler = new Sampler({ intervalMs: 2, hostIntervalMs: 2 });
    sampler.addParticipant('self', process.pid);
    sampler.start();
    await waitFor(() => sampler!.stats().ticks >= 20);
    sampler.stop();
    const s = sampler.stats();
    expect(s.gaps.count).toBeGreaterThanOrEqual(19);
    expect(s.gaps.p50).toBeGreaterThan(0);
    expect(s.gaps.p99).toBeGreaterThanOrEqual(s.gaps.p50);
    expect(s.gaps.max).toBeGreaterThanOrEqual(s.gaps.p99);
    expect(s.cpuUserMs + s.cpuSystemMs).toBeGreaterThan(0);
    expect(s.tickMeanMs).toBeGreaterThan(0);
    const host = sampler.hostReport()!;
    expect(host.latest.mem.memTotal).toBeGreaterThan(0);
    expect(host.latest.mem.memAvailable).toBeGreaterThan(0);
    expect(host.series.t.length).toBe(s.ticks);
    expect(JSON.parse(JSON.stringify(sampler.report())).stats.ticks).toBe(s.ticks);
  });

  it('samples a cgroup through a callback, its pids and its own peak', () => {
    let usage = 10 * MiB;
    sampler = new Sampler({ intervalMs: 5, host: false });
    sampler.addCgroup({
      name: 'cg',
      read: () => ({ usageBytes: (usage += MiB), peakBytes: 100 * MiB, swapBytes: 0, events: { oomKill: 0 } }),
      pids: () => [process.pid],
    });
    sampler.sampleNow();
    sampler.sampleNow();
    const r = sampler.cgroup('cg')!;
    expect(r.series.usage).toEqual(new Float64Array([11 * MiB, 12 * MiB]));
    expect(r.peak.usage).toBe(100 * MiB); // the cgroup's own peak beats the samples
    expect(r.procs.latest.pids).toBe(1);
    expect(r.procs.pids[0]!.pid).toBe(process.pid);
    expect(sampler.participant('cg')).toBeUndefined();
  });

  it('records a throwing cgroup reader instead of throwing', () => {
    sampler = new Sampler({ intervalMs: 5, host: false });
    sampler.addCgroup({ name: 'gone', read: () => { throw new Error('ENOENT: memory.current'); } });
    expect(() => sampler!.sampleNow()).not.toThrow();
    expect(sampler.cgroup('gone')!.error).toMatch(/ENOENT/);
  });
});
