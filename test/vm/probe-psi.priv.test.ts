import { describe, expect, it } from 'vitest';
import { runScenarioInVm } from '../../src/vm/run-scenario-in-vm.js';
import { MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();

// Per-cgroup memory pressure exists on v2 only: in a VM (Debian's cloud kernel has PSI), a probe with a
// hog pushing its cgroup into swap. The guest's PSI totals and avg10 series come back for the host and
// the run's cgroup, and the probe's passes with them. Times are not asserted; their presence is.
describe.skipIf(skip)(`a probe and PSI inside a VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('cgroup v2: memory.pressure of the run cgroup and the guest /proc/pressure/memory are recorded', async () => {
    const run = await runScenarioInVm('test/fixtures/probe/probe-pressure.yaml', { memBytes: 1024 * MiB, swapBytes: 1024 * MiB, cpus: 2, cgroup: 'v2', timeoutMs: 300_000 });
    recordTiming('vm run probe-pressure v2', run.vm);
    expect(run.vm.outcome).toBe('exited');
    const r = run.result!;
    expect(r.host.cgroupVersion).toBe(2);
    expect(r.psi?.host).not.toBeNull();
    expect(r.psi?.note).toBeUndefined();
    const group = r.psi!.groups['probe-pressure']!;
    expect(group.someTotalUs).toBeGreaterThan(0);
    expect(r.series.psi?.groups['probe-pressure']?.some.length).toBeGreaterThan(0);
    expect(r.series.psi?.host?.full.length).toBeGreaterThan(0);
    const svc = r.participants.find((p) => p.name === 'svc')!;
    expect(svc.probe!.passes).toBeGreaterThan(20);
    expect(r.series.probes?.svc?.ms.length).toBeGreaterThan(0);
  }, 400_000);
});
