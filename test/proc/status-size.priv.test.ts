// /proc/<pid>/status longer than the samplers' first read buffer (audit finding 10): a process with
// thousands of supplementary groups has a Groups line of kilobytes, and VmHWM, VmRSS and VmSwap come
// after it. Both samplers must read the whole file: the native thread (native/sampler.c, which once
// read only the first 4 KiB and reported VmHWM 0) and the JavaScript one (src/proc/read-file.ts's
// shared buffer, 64 KiB to start). Needs root (setgroups, through setpriv) and the native build.
// Every process started here is SIGKILLed in afterEach. Nothing here asserts a time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/native/build-paths.js';
import { NativeSampler, type NativeRecord } from '../../src/proc/native-sampler.js';
import { emptyPidStatus, parsePidStatus, type PidStatus } from '../../src/proc/pid-status.js';
import { Sampler } from '../../src/proc/sampler.js';
import { killAll, lineFrom, MiB, start, waitFor } from './children.js';
import { setprivWithUids } from '../helpers/commands.js';
import { toolReason } from '../helpers/tools.js';

const HOG = join(PACKAGE_ROOT, 'build', 'Release', 'oomlab-hog');
const SETPRIV = setprivWithUids();
/** "Within a page or two": VmHWM is counted in pages and printed in kB. */
const SLACK = 2 * 4096;

function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (setgroups)';
  if (!SETPRIV) return toolReason('setpriv');
  return undefined;
}
const skip = skipReason();

let native: NativeSampler | undefined;
afterEach(async () => {
  native?.destroy();
  native = undefined;
  await killAll();
});

/** A hog holding 32 MiB of touched memory, started with `gids` as its supplementary groups; its pid once it holds. */
async function hogWithGroups(gids: number[]): Promise<number> {
  const child = start(SETPRIV!, ['--groups', gids.join(','), '--', HOG, '--defaults', '--total', String(32 * MiB), '--touch', 'memset', '--progress-fd', '1', '--progress-every', String(1e12)]);
  await lineFrom(child, '{"ev":"phase","phase":"hold"');
  return child.pid!;
}

/** The status text as the kernel prints it, and its values parsed. */
function status(pid: number): { text: string; values: PidStatus } {
  const buf = readFileSync(`/proc/${pid}/status`);
  const values = emptyPidStatus();
  expect(parsePidStatus(buf, buf.length, values)).toBe(true);
  return { text: buf.toString('latin1'), values };
}

/** The native thread's latest status-bearing reading of `pid`. */
async function nativeDetail(pid: number): Promise<NativeRecord> {
  native = new NativeSampler({ intervalMs: 5, detailMaxAgeMs: 5 }); // status every tick
  native.setPids([pid]);
  native.start();
  const recs: NativeRecord[] = [];
  await waitFor(() => (native!.drain((r) => void recs.push({ ...r })), recs.filter((r) => r.pid === pid && r.detail).length >= 3), 10_000, 'three status readings');
  native.stop();
  native.drain((r) => void recs.push({ ...r }));
  expect(recs.filter((r) => r.kind === 'gone')).toEqual([]);
  return recs.filter((r) => r.pid === pid && r.detail).at(-1)!;
}

/** VmHWM as the Sampler reports it for a participant rooted at `pid`, with either backend. */
async function samplerHwm(pid: number, backend: 'js' | 'native'): Promise<number> {
  const s = new Sampler({ intervalMs: 5, backend, idleBackoffMs: 0, host: false });
  try {
    s.addParticipant('p', pid);
    s.start();
    await waitFor(() => s.stats().ticks >= 5, 10_000, `${backend} ticks`);
    s.stop();
    const p = s.report().participants[0]!.pids.find((x) => x.pid === pid);
    expect(p, `${backend}: a sample of ${pid}`).toBeDefined();
    return p!.hwm;
  } finally {
    s.close();
  }
}

describe.skipIf(skip)(`a status file longer than the read buffer${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cases = [
    // ~10 KB: past the native sampler's old 4 KiB buffer (and its first size).
    { name: '2000 groups', gids: Array.from({ length: 2000 }, (_, i) => i + 1), beyond: 4096 },
    // ~90 KB: past the JavaScript shared buffer's first 64 KiB too, and several doublings of the native one.
    { name: '8000 ten-digit groups', gids: Array.from({ length: 8000 }, (_, i) => 1_000_000_000 + 7 * i), beyond: 64 * 1024 },
  ];
  for (const c of cases) {
    it(`${c.name}: both samplers read VmHWM past byte ${c.beyond}`, async () => {
      const pid = await hogWithGroups(c.gids);
      const before = status(pid);
      expect(before.text.length).toBeGreaterThan(c.beyond);
      expect(before.text.indexOf('\nVmHWM:')).toBeGreaterThan(c.beyond);
      expect(before.text.indexOf('\nVmRSS:')).toBeGreaterThan(c.beyond);
      expect(before.values.vmHwm).toBeGreaterThanOrEqual(32 * MiB); // the hog holds 32 MiB, touched

      const r = await nativeDetail(pid);
      const js = await samplerHwm(pid, 'js');
      const viaNative = await samplerHwm(pid, 'native');
      const after = status(pid);

      // The hog only holds now: VmHWM stays put (the slack covers a page or two of settling).
      expect(Math.abs(after.values.vmHwm - before.values.vmHwm)).toBeLessThanOrEqual(SLACK);
      const want = after.values;
      expect(Math.abs(r.hwm - want.vmHwm), `native VmHWM ${r.hwm} vs ${want.vmHwm}`).toBeLessThanOrEqual(SLACK);
      expect(Math.abs(r.vmPeak - want.vmPeak)).toBeLessThanOrEqual(SLACK);
      expect(Math.abs(r.rssFile - want.rssFile)).toBeLessThanOrEqual(SLACK);
      expect(Math.abs(r.rssShmem - want.rssShmem)).toBeLessThanOrEqual(SLACK);
      expect(r.swap).toBe(want.vmSwap);
      expect(Math.abs(r.rss - want.vmRss)).toBeLessThanOrEqual(SLACK); // statm agrees with status
      expect(Math.abs(js - want.vmHwm), `JS sampler VmHWM ${js} vs ${want.vmHwm}`).toBeLessThanOrEqual(SLACK);
      expect(Math.abs(viaNative - want.vmHwm), `Sampler(native) VmHWM ${viaNative} vs ${want.vmHwm}`).toBeLessThanOrEqual(SLACK);
    });
  }
});
