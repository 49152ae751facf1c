import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyPidStat, parsePidStat } from '../../src/proc/pid-stat.js';
import { emptyPidStatm, parsePidStatm } from '../../src/proc/pid-statm.js';
import { emptyPidStatus, parsePidStatus } from '../../src/proc/pid-status.js';
import { parseMemInfoText } from '../../src/proc/meminfo.js';
import { parseVmStatText } from '../../src/proc/vmstat.js';
import { parsePsiText, readPsi } from '../../src/proc/pressure.js';
import { parseAuxv, procUnits } from '../../src/proc/clock.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/proc/${name}`, import.meta.url));
const KiB = 1024;

describe('/proc/<pid>/stat', () => {
  it('parses a captured line', () => {
    const b = fixture('stat.txt');
    const s = emptyPidStat();
    expect(parsePidStat(b, b.length, 4096, s, true)).toBe(true);
    expect(s).toMatchObject({ pid: 20629, comm: 'cat', state: 'R', ppid: 20627, minflt: 120, majflt: 0, utime: 0, stime: 0, starttime: 248431, vsize: 3133440, rss: 362 * 4096 });
  });

  it('counts fields from the last ")" when comm holds spaces and parentheses', () => {
    const line = Buffer.from('4242 (a) (b) S 17 4242 4242 0 -1 4194560 1000 0 7 0 250 30 0 0 20 0 1 0 99 12345678 300 18446744073709551615 1 1 0 0 0\n');
    const s = emptyPidStat();
    expect(parsePidStat(line, line.length, 4096, s, true)).toBe(true);
    expect(s).toMatchObject({ pid: 4242, comm: 'a) (b', state: 'S', ppid: 17, minflt: 1000, majflt: 7, utime: 250, stime: 30, starttime: 99, vsize: 12345678, rss: 300 * 4096 });
  });

  it('parses any comm (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 15 }).filter((c) => !c.includes('\n')), fc.nat(), fc.nat(), (comm, minflt, vsize) => {
        const line = Buffer.from(`7 (${comm}) R 1 7 7 0 -1 0 ${minflt} 0 3 0 1 2 0 0 20 0 1 0 5 ${vsize} 10 0 0\n`);
        const s = emptyPidStat();
        return parsePidStat(line, line.length, 4096, s, true) && s.comm === comm && s.minflt === minflt && s.vsize === vsize && s.majflt === 3 && s.rss === 40960;
      }),
    );
  });

  it('rejects text that is not a stat line', () => {
    const b = Buffer.from('garbage');
    expect(parsePidStat(b, b.length, 4096, emptyPidStat())).toBe(false);
  });
});

describe('/proc/<pid>/statm and status', () => {
  it('parses statm into bytes, anon = resident - shared', () => {
    const b = fixture('statm.txt');
    const s = emptyPidStatm();
    expect(parsePidStatm(b, b.length, 4096, s)).toBe(true);
    expect(s).toEqual({ vsz: 765 * 4096, rss: 428 * 4096, shared: 400 * 4096, anon: 28 * 4096 });
  });

  it('parses the Vm and Rss lines of a captured status, kB to bytes', () => {
    const b = fixture('status.txt');
    const s = emptyPidStatus();
    expect(parsePidStatus(b, b.length, s)).toBe(true);
    expect(s).toEqual({ vmPeak: 3060 * KiB, vmSize: 3060 * KiB, vmHwm: 1600 * KiB, vmRss: 1600 * KiB, rssAnon: 112 * KiB, rssFile: 1488 * KiB, rssShmem: 0, vmSwap: 0 });
  });

  it('reads a kernel thread status (no Vm lines) as zeros', () => {
    const b = Buffer.from('Name:\tkthreadd\nState:\tS (sleeping)\nPPid:\t0\n');
    const s = emptyPidStatus();
    expect(parsePidStatus(b, b.length, s)).toBe(false);
    expect(s.vmRss).toBe(0);
  });
});

describe('host files', () => {
  it('parses meminfo', () => {
    const m = parseMemInfoText(fixture('meminfo.txt').toString());
    expect(m.memTotal).toBe(24683656 * KiB);
    expect(m.memAvailable).toBe(23914168 * KiB);
    expect(m.swapTotal).toBe(0);
    expect(m.swapFree).toBe(0);
  });

  it('parses vmstat, NaN for counters this kernel does not print', () => {
    const v = parseVmStatText(fixture('vmstat.txt').toString());
    expect(v.oomKill).toBe(21);
    expect(v.pgmajfault).toBe(2205);
    const synthetic = parseVmStatText('nr_free_pages 5\npswpin 12\npswpout 34\npgmajfault 9\noom_kill 2\n');
    expect(synthetic).toEqual({ pswpin: 12, pswpout: 34, pgmajfault: 9, pgfault: NaN, oomKill: 2 });
  });

  it('parses PSI, with and without a full line; undefined for no file', () => {
    expect(parsePsiText(fixture('pressure-memory.txt').toString())).toEqual({
      some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 39571 },
      full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 26930 },
    });
    expect(parsePsiText('some avg10=12.50 avg60=3.07 avg300=0.01 total=123456789\n')).toEqual({ some: { avg10: 12.5, avg60: 3.07, avg300: 0.01, totalUs: 123456789 } });
    expect(parsePsiText('')).toBeUndefined();
    expect(readPsi('/proc/pressure/does-not-exist')).toBeUndefined();
  });
});

describe('page size and clock ticks', () => {
  it('reads AT_PAGESZ and AT_CLKTCK from a captured auxv', () => {
    const b = fixture('auxv.bin');
    expect(parseAuxv(b, b.length)).toEqual({ pageSize: 4096, clockTicks: 100 });
  });

  it('reads them for this process', () => {
    const u = procUnits();
    expect(u.pageSize).toBeGreaterThanOrEqual(4096);
    expect(u.clockTicks).toBeGreaterThan(0);
  });
});
