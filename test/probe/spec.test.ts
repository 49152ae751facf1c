import { describe, expect, it } from 'vitest';
import { normalizeProbe, probeHogOptions } from '../../src/probe/spec.js';
import { checkProbesFit } from '../../src/scenario/probe-fits.js';
import type { PlannedInstance } from '../../src/scenario/types.js';

// A probe's fields are validated before anything crosses into C, each error naming its field.
const field = (k: string) => `participants[0].probe.${k}`;
const MiB = 1024 * 1024;

describe('probe spec', () => {
  it('normalises sizes, durations and words, and runs as a held, page-touched mmap block with passes', () => {
    const p = normalizeProbe({ workingSet: '64M', every: '10ms', touch: 'write', sample: 256 }, field);
    expect(p).toEqual({ workingSetBytes: 64 * MiB, everyNs: 10_000_000, touch: 'write', sample: 256 });
    expect(normalizeProbe({ workingSet: '1M', every: '1ms' }, field).touch).toBe('read');
    expect(probeHogOptions(p)).toMatchObject({ blockBytes: 64 * MiB, countBlocks: 1, touch: 'pages', allocator: 'mmap', after: 'hold', probe: { everyNs: 10_000_000, touch: 'write', sample: 256 } });
  });

  it.each([
    [{ workingSet: '0', every: '10ms' }, /workingSet: expected a working set from 1 byte/],
    [{ workingSet: 'lots', every: '10ms' }, /workingSet/],
    [{ workingSet: '1M', every: '500us' }, /every: expected a period of at least 1ms/],
    [{ workingSet: '1M', every: '10ms', touch: 'poke' }, /touch: expected read or write/],
    [{ workingSet: '1M', every: '10ms', sample: 0 }, /sample: expected a whole number of pages per pass/],
  ])('refuses %j naming the field', (raw, message) => {
    expect(() => normalizeProbe(raw as never, field)).toThrow(message);
  });

  it('refuses a working set that does not fit under its cgroup limit', () => {
    const inst = { name: 'svc', participant: 'svc', run: { kind: 'probe', probe: { workingSetBytes: 128 * MiB, everyNs: 1e7, touch: 'read' } } } as unknown as PlannedInstance;
    expect(() => checkProbesFit([inst], () => 0, { memoryBytes: 64 * MiB }, [])).toThrow(/participants\[0\]\.probe\.workingSet: expected a working set below its cgroup's memory limit \(cgroup\.memory: 64\.0 MiB\)/);
    expect(() => checkProbesFit([inst], () => 0, { memoryBytes: 256 * MiB }, [])).not.toThrow();
  });
});
