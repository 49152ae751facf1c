import type { NameIndex } from './references.js';
import { resolveSize } from './sizes.js';
import type { Bounds, Expectation, HostFacts, PlannedExpectation, SizeSpec } from './types.js';

// Assertions made concrete: participants become the instance names the runner reports on, shares of
// MemAvailable become bytes. Ids and descriptions are kept as written, so they are stable across hosts.

function sizeBounds(b: Bounds<SizeSpec>, host: HostFacts): Bounds<number> {
  const out: Bounds<number> = {};
  if (b.min !== undefined) out.min = resolveSize(b.min, host);
  if (b.max !== undefined) out.max = resolveSize(b.max, host);
  return out;
}

// Why: the runner checks PlannedExpectations against what it measured, without knowing about copies or shares.
export function planExpectation(e: Expectation, index: NameIndex, host: HostFacts): PlannedExpectation {
  const meta = { id: e.id, description: e.description };
  const instances = (name: string) => [...index.refs.get(name)!.instances];
  switch (e.kind) {
    case 'outcome':
      return { ...meta, kind: 'outcome', instances: instances(e.participant), outcome: e.outcome, ...(e.code === undefined ? {} : { code: e.code }), ...(e.runtime === undefined ? {} : { runtime: e.runtime }) };
    case 'peak':
      return { ...meta, kind: 'peak', instances: instances(e.participant), metric: e.metric, bounds: sizeBounds(e.bounds, host) };
    case 'probe':
      return { ...meta, kind: 'probe', instances: instances(e.participant), metric: e.metric, bounds: { ...e.bounds } };
    case 'victim':
      return { ...meta, kind: 'victim', instances: instances(e.participant) };
    case 'oom-kills':
      return { ...meta, kind: 'oom-kills', bounds: { ...e.bounds }, ...(e.cgroup === undefined ? {} : { cgroup: e.cgroup }) };
    case 'runtime':
      return { ...meta, kind: 'runtime', bounds: { ...e.bounds } };
  }
}
