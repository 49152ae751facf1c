// The /proc layer's public surface: parsers for captured text, one-shot readers, and the Sampler.
export { Sampler } from './sampler.js';
export type { SamplerOptions, SamplerStats, GroupReport, GroupPeek, CgroupReport, SamplerReport } from './sampler-types.js';
export type { TreeSample, GroupPeak, GoneEvent } from './group.js';
export type { PidSample } from './pid-probe.js';
export type { CgroupSample, CgroupSource, CgroupPeak } from './cgroup-probe.js';
export type { HostSample } from './host.js';
export type { GapSummary } from './gap-stats.js';
export { parsePidStat } from './pid-stat.js';
export { parsePidStatus } from './pid-status.js';
export { parseMemInfoText, readMemInfo, type MemInfo } from './meminfo.js';
export { parseVmStatText, readVmStat, type VmStat } from './vmstat.js';
export { parsePsiText, readPsi, type Psi } from './pressure.js';
export { procUnits } from './clock.js';
export { descendants } from './process-tree.js';
export { plainColumns, type SeriesColumns } from './bounded-series.js';
