import type { SamplerReport } from '../proc/sampler-types.js';
import type { EndedInstance } from './participant-result.js';
import type { ProbeCollector } from '../probe/stats.js';
import type { Series } from './types.js';

const arr = (a: Float64Array | undefined): number[] => (a ? Array.from(a) : []);

// Why: the result carries the sampled series as plain arrays (JSON), one set of columns per instance
// (its restarts concatenated), per cgroup, and for the host.
export function collectSeries(report: SamplerReport, all: ReadonlyArray<Pick<EndedInstance, 'plan' | 'samplerNames'> & { probe?: ProbeCollector }>): Series {
  const participants: Series['participants'] = {};
  for (const i of all) {
    const cols = { t: [] as number[], rss: [] as number[], vsz: [] as number[], swap: [] as number[], majflt: [] as number[] };
    for (const r of report.participants.filter((p) => i.samplerNames.includes(p.name))) {
      cols.t.push(...arr(r.series.t));
      cols.rss.push(...arr(r.series.rss));
      cols.vsz.push(...arr(r.series.vsz));
      cols.swap.push(...arr(r.series.swap));
      cols.majflt.push(...arr(r.series.majflt));
    }
    participants[i.plan.name] = cols;
  }
  const cgroups: Series['cgroups'] = {};
  for (const c of report.cgroups) cgroups[c.name] = { t: arr(c.series.t), usage: arr(c.series.usage), swap: arr(c.series.swap) };
  const h = report.host?.series;
  const series: Series = { participants, cgroups };
  if (h) series.host = { t: arr(h.t), memAvailable: arr(h.memAvailable), swapFree: arr(h.swapFree), pswpin: arr(h.pswpin), pswpout: arr(h.pswpout) };
  const probes: NonNullable<Series['probes']> = {};
  for (const i of all) {
    if (!i.probe) continue;
    const c = i.probe.series.columns();
    probes[i.plan.name] = { t: arr(c.t).map((v) => Math.round(v)), ms: arr(c.ms).map((v) => Math.round(v * 1000) / 1000) };
  }
  if (Object.keys(probes).length) series.probes = probes;
  return series;
}
