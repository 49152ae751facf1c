// The /proc layer's public surface: parsers for captured text, one-shot readers, and the Sampler.
export { Sampler } from './sampler.js';
export type { SamplerOptions, SamplerStats, GroupReport, CgroupReport, SamplerReport } from './sampler-types.js';
export { NativeSampler, type NativeSamplerOptions, type NativeSamplerStats, type NativeRecord } from './native-sampler.js';
export type { TreeSample, GroupPeak, GoneEvent, GroupKind, GroupColumn } from './group.js';
export type { PidSample } from './pid-probe.js';
export type { CgroupSample, CgroupSource, CgroupPeak } from './cgroup-probe.js';
export type { HostSample, HostColumn } from './host.js';
export type { GapSummary } from './gap-stats.js';
export { parsePidStat, emptyPidStat, type PidStat } from './pid-stat.js';
export { parsePidStatm, emptyPidStatm, type PidStatm } from './pid-statm.js';
export { parsePidStatus, emptyPidStatus, type PidStatus } from './pid-status.js';
export { parseMemInfo, parseMemInfoText, readMemInfo, type MemInfo } from './meminfo.js';
export { parseVmStat, parseVmStatText, readVmStat, type VmStat } from './vmstat.js';
export { parsePsi, parsePsiText, readPsi, type Psi, type PsiLine } from './pressure.js';
export { procUnits, parseAuxv, type ProcUnits } from './clock.js';
export { descendants, hasChildrenFiles, listPids, readPpid, TreeTracker } from './process-tree.js';
export { readText } from './read-file.js';
export { plainColumns, type SeriesColumns } from './bounded-series.js';
