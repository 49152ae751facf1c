// The host's memory state each tick: MemAvailable and SwapFree (meminfo), swap traffic and OOM
// kills (vmstat counters), memory PSI when the kernel has it. The three files stay open and are
// re-read like the per-pid ones; together they cost ~40 us per tick here.
import { emptyMemInfo, parseMemInfo, type MemInfo } from './meminfo.js';
import { parsePsi, type Psi } from './pressure.js';
import { ProcFile, shared } from './read-file.js';
import { BoundedSeries } from './bounded-series.js';
import { parseVmStat, type VmStat } from './vmstat.js';

/** One host reading. Bytes for sizes; vmstat counters as the kernel counts them (pages, events). */
export interface HostSample {
  t: number;
  mem: MemInfo;
  vm: VmStat;
  psi?: Psi;
}

/** Host series columns. */
const HOST_COLUMNS = ['t', 'memAvailable', 'swapFree', 'pswpin', 'pswpout', 'oomKill', 'psiSomeTotalUs'] as const;
export type HostColumn = (typeof HOST_COLUMNS)[number];

/** Reads the host files each tick into `latest` and the series. */
export class HostProbe {
  readonly latest: HostSample = { t: 0, mem: emptyMemInfo(), vm: { pswpin: NaN, pswpout: NaN, pgmajfault: NaN, pgfault: NaN, oomKill: NaN } };
  readonly series: BoundedSeries<HostColumn>;
  private meminfo = ProcFile.open('/proc/meminfo');
  private vmstat = ProcFile.open('/proc/vmstat');
  private pressure = ProcFile.open('/proc/pressure/memory');

  constructor(maxSamples: number) {
    this.series = new BoundedSeries(HOST_COLUMNS, maxSamples);
  }

  /** Read all three files at time `t`. */
  read(t: number): void {
    const l = this.latest;
    l.t = t;
    let n = this.meminfo?.read() ?? -1;
    if (n > 0) parseMemInfo(shared.buf, n, l.mem);
    n = this.vmstat?.read() ?? -1;
    if (n > 0) parseVmStat(shared.buf, n, l.vm);
    n = this.pressure?.read() ?? -1;
    const psi = n > 0 ? parsePsi(shared.buf, n) : undefined;
    if (psi) l.psi = psi;
    const row = this.series.begin();
    if (row < 0) return;
    const s = this.series;
    s.set(0, row, t);
    s.set(1, row, l.mem.memAvailable);
    s.set(2, row, l.mem.swapFree);
    s.set(3, row, l.vm.pswpin);
    s.set(4, row, l.vm.pswpout);
    s.set(5, row, l.vm.oomKill);
    s.set(6, row, l.psi?.some.totalUs ?? NaN);
  }

  /** Release the descriptors. */
  close(): void {
    this.meminfo?.close();
    this.vmstat?.close();
    this.pressure?.close();
  }
}
