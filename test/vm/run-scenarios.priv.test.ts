import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainEvents } from '../../src/explain/index.js';
import { parseKernelLog } from '../../src/kernel-log/index.js';
import { runScenarioInVm } from '../../src/vm/run-scenario-in-vm.js';
import { MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();
const GiB = 1024 * MiB;
// A VM boot plus oomlab's start-up under TCG takes about 6 s before the scenario begins (bench/vm-boot.mjs);
// the timeout is for a slow, loaded machine.
const VM_TEST_MS = 600_000;

// oomlab itself, inside the guest: the TypeScript cgroup backends on a real kernel (v2 here, v1 in
// the same kernel), and the article's whole-machine incident with `global: true`.
describe.skipIf(skip)(`oomlab run inside a VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('cgroup v2 for real: touched-oom (memory.max, memory.swap.max 0) is oom-killed, events and peak read, the harness moved to a leaf', async () => {
    const run = await runScenarioInVm('touched-oom', { memBytes: 768 * MiB, swapBytes: 256 * MiB, cpus: 2, cgroup: 'v2', timeoutMs: 300_000 });
    recordTiming('vm run touched-oom v2', run.vm);
    expect(run.vm.outcome).toBe('exited');
    const r = run.result!;
    expect(r.host.cgroupVersion).toBe(2);
    expect(r.verdict).toBe('pass');
    expect(r.cgroups[0]!.events).toMatchObject({ oomKill: 1 });
    expect(r.cgroups[0]!.events.max).toBeGreaterThan(0); // memory.events: hits of memory.max
    expect(r.cgroups[0]!.peakBytes).toBeGreaterThan(200 * MiB); // memory.peak
    expect(r.cgroups[0]!.path).toMatch(/^\/sys\/fs\/cgroup\/oomlab\.service\/oomlab-/);
    expect(r.oomEvents[0]).toMatchObject({ participant: 'test_mem2', constraint: 'memcg', sources: ['kmsg', 'signal', 'cgroup-counter'] });
    expect(r.evidence).toEqual({ kmsg: 'read' });
    // The harness had to leave oomlab.service for a leaf of its own before it could enable +memory.
    expect(run.vm.kmsg + run.vm.consoleLog).not.toMatch(/no internal processes|EBUSY/);
  }, VM_TEST_MS);

  it('memory-high-throttle passes under v2: memory.high slows the hog, nothing is killed', async () => {
    const run = await runScenarioInVm('memory-high-throttle', { memBytes: 768 * MiB, swapBytes: 512 * MiB, cpus: 2, cgroup: 'v2', timeoutMs: 400_000 });
    recordTiming('vm run memory-high-throttle v2', run.vm);
    const r = run.result!;
    expect(r.assertions.filter((a) => !a.passed)).toEqual([]);
    expect(r.cgroups[0]!.events.high).toBeGreaterThan(0);
    expect(r.cgroups[0]!.events.oomKill).toBe(0);
  }, VM_TEST_MS);

  it('the v1 backend in the same guest kernel (--cgroup v1): touched-oom passes', async () => {
    const run = await runScenarioInVm('touched-oom', { memBytes: 768 * MiB, swapBytes: 256 * MiB, cpus: 2, cgroup: 'v1', timeoutMs: 300_000 });
    recordTiming('vm run touched-oom v1', run.vm);
    const r = run.result!;
    expect(r.host.cgroupVersion).toBe(1);
    expect(r.verdict).toBe('pass');
    expect(r.cgroups[0]!.events).toMatchObject({ oomKill: 1 });
  }, VM_TEST_MS);

  it("the article, whole machine: contention-three-global in a 1 GiB VM with 1 GiB swap", async () => {
    const run = await runScenarioInVm('contention-three-global', { memBytes: GiB, swapBytes: GiB, cpus: 2, cgroup: 'v2', timeoutMs: 600_000 });
    recordTiming('vm run contention-three-global', run.vm);
    const r = run.result!;
    expect(r.verdict).toBe('pass');
    // The global oom-killer killed one participant, and the result attributes it.
    const kill = r.oomEvents.find((e) => e.participant !== undefined)!;
    expect(kill).toBeDefined();
    expect(['test_mem', 'test_mem2', 'test_mem3']).toContain(kill.participant);
    expect(kill.constraint).toBe('global');
    expect(r.participants.find((p) => p.name === kill.participant)!.outcome).toBe('oom-killed');
    // The kernel's report is parsed and explained: the whole machine ran out, RAM and swap.
    const events = parseKernelLog(kill.report.join('\n'));
    expect(events[0]!.victim?.pid).toBe(kill.victimPid);
    expect(explainEvents(events).join('\n')).toMatch(/What ran out: the whole machine \(RAM and swap\)/);
    // The idle participant's swap rose before the kill.
    const idle = r.series.participants.test_mem!;
    const before = idle.swap.filter((_, i) => idle.t[i]! < kill.atMs);
    expect(Math.max(0, ...before)).toBeGreaterThan(16 * MiB);
  }, VM_TEST_MS);

  it("a command's relative cwd: its directory is carried into the guest and the command runs there", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomlab-vm-cwd-'));
    try {
      mkdirSync(join(dir, 'svc'));
      // The service reads a file beside it: only there if the directory came along.
      writeFileSync(join(dir, 'svc', 'data.txt'), `carried ${process.pid}\n`);
      writeFileSync(join(dir, 'svc', 'serve.sh'), 'grep -q "^carried " data.txt && pwd\n');
      const file = join(dir, 'scenario.yaml');
      writeFileSync(file, ['name: carried-cwd', 'cgroup: { memory: 64M }', 'participants:', '  - name: svc', '    command: { argv: [sh, serve.sh], cwd: svc }', 'run: { duration: 60s, until: all-exited }', 'expect:', '  - { participant: svc, outcome: exited, code: 0 }', ''].join('\n'));
      const run = await runScenarioInVm(file, { memBytes: 512 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 300_000, keepOutput: true });
      recordTiming('vm run carried cwd', run.vm);
      expect(run.result?.verdict).toBe('pass');
      expect(run.result!.participants[0]).toMatchObject({ name: 'svc', outcome: 'completed', exitCode: 0 });
      expect(run.result!.participants[0]!.stdoutTail).toEqual([join(dir, 'svc')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, VM_TEST_MS);
});
