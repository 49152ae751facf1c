import { describe, expect, it } from 'vitest';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { explain, keyValues, MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();

// The guest script prints what it sees as key=value lines and writes two results files: one by the
// shell, one by the host's own node running the project's own CLI from the root image.
const SCRIPT = `
echo "fs=$(awk '$2 == "/sys/fs/cgroup" { print $3 }' /proc/mounts)"
echo "controllers=$(cat /sys/fs/cgroup/cgroup.controllers)"
echo "self=$(cat /proc/self/cgroup)"
echo "net=$(ls /sys/class/net | tr '\\n' ' ')"
echo "in_vm=$OOMLAB_IN_VM"
echo "guest says hello" > "$OOMLAB_RESULTS/hello.txt"
node dist/oomlab.cjs layout --json > "$OOMLAB_RESULTS/layout.json"
echo "node_exit=$?"
`;

describe.skipIf(skip)(`a disposable VM, cgroup v2${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('boots, runs a command with the host node and project build, and brings its files back', async () => {
    const r = await runInVm({ command: ['sh', '-c', SCRIPT], memBytes: 512 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 100_000 });
    recordTiming('boot-v2', r);
    expect(r.outcome, explain(r)).toBe('exited');
    expect(r.exitCode).toBe(0);
    const kv = keyValues(r.consoleLog);
    expect(kv.get('fs')).toBe('cgroup2');
    expect(kv.get('controllers')?.split(' ')).toContain('memory');
    expect(kv.get('self')).toBe('0::/oomlab.service'); // a non-root cgroup, as under systemd
    expect(kv.get('net')?.trim()).toBe('lo'); // no network device at all
    expect(kv.get('in_vm')).toBe('1');
    expect(kv.get('node_exit')).toBe('0');
    expect(r.files['hello.txt']?.toString()).toBe('guest says hello\n');
    const layout = JSON.parse(r.files['layout.json']?.toString() ?? 'null') as { functionName?: string };
    expect(layout.functionName).toBe('main');
    expect(r.kmsg).toMatch(/Linux version 6\./);
    expect(r.bootMs).toBeGreaterThan(0);
  });
});
