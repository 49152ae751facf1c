import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarioInVm } from '../../src/vm/run-scenario-in-vm.js';
import { MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();
const SCENARIO = fileURLToPath(new URL('../fixtures/scenarios/vm-output.yaml', import.meta.url));

// In a VM, participants' tails and runtime OOMs come back in the guest's result (checked against the
// schema on the host), and with keepOutput (`oomlab vm run --out`) their whole output as files.
describe.skipIf(skip)(`participant output from a VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('runtime-oom (node) with its line, the tails in the result, the files under out/', async () => {
    const run = await runScenarioInVm(SCENARIO, { memBytes: 1024 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 400_000, keepOutput: true });
    recordTiming('vm run vm-output v2', run.vm);
    const r = run.result!;
    const node = r.participants.find((p) => p.name === 'node')!;
    expect(node).toMatchObject({ outcome: 'runtime-oom', runtime: 'node', signal: 'SIGABRT', stdoutTail: ['growing'] });
    expect(node.runtimeEvidence).toMatch(/^FATAL ERROR: .*JavaScript heap out of memory$/);
    const loud = r.participants.find((p) => p.name === 'loud')!;
    expect(loud.stdoutTail).toEqual(['out <script>x</script>']);
    expect(loud.stderrTail).toEqual(Array.from({ length: 64 }, (_, i) => String(i + 7)));
    expect(r.assertions.find((a) => !a.passed)).toMatchObject({ failing: ['loud'] });
    expect(run.vm.files['out/loud.stdout']?.toString()).toBe('out <script>x</script>\n');
    expect(run.vm.files['out/loud.stderr']?.toString()).toBe(`${Array.from({ length: 70 }, (_, i) => String(i + 1)).join('\n')}\n`);
    expect(run.vm.files['out/node.stderr']?.toString()).toContain(node.runtimeEvidence);
    expect(run.exitCode).toBe(1);
  }, 600_000);
});
