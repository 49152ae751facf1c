import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLimitInVm, GUEST_PROGRESS } from '../../src/limit/vm-search.js';
import { formatSize } from '../../src/units/size.js';
import { MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'oomlab-vm-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The whole search in one VM boot, on cgroup v2: a hog touching 48 MiB and holding, searched from
// 16M to 128M in 8M steps; the guest's tries come back in its checked search document.
describe.skipIf(skip)(`oomlab vm run --find-limit${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('one boot, every try a real run in the guest: the answer lies within 48 MiB + 2 steps', async () => {
    const file = join(dir, 'forty-eight.yaml');
    writeFileSync(file, `name: forty-eight
cgroup: { memory: 128M, swap: 0 }
participants:
  - name: hog
    hog: { block: 1M, total: 48M, touch: memset, interval: 0, hold: 200ms }
run: { duration: 60s, until: all-exited, sample: 20ms }
expect:
  - participant: hog
    outcome: completed
`);
    const lines: string[] = [];
    const shown = (): string[] => lines.map((l) => l.split('\r').filter((p) => p.trim()).at(-1) ?? '').map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim()).filter((l) => GUEST_PROGRESS.test(l));
    const run = await findLimitInVm(file, { search: 'memory=16M..', step: '8M' }, { memBytes: 512 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 500_000, onConsoleLine: (l) => lines.push(l) });
    recordTiming('vm find-limit forty-eight', run.vm);
    expect(run.vm.outcome).toBe('exited');
    expect(run.exitCode).toBe(0);
    const s = run.doc!.search;
    expect(s).toMatchObject({ key: 'memory', lowBytes: 16 * MiB, highBytes: 128 * MiB, stepBytes: 8 * MiB, maxTries: 6, status: 'found' });
    expect(s.answerBytes).toBeGreaterThan(48 * MiB);
    expect(s.answerBytes).toBeLessThanOrEqual(64 * MiB);
    expect(s.tries.every((t) => t.runs.every((r) => r.host.cgroupVersion === 2 && r.host.inVm))).toBe(true);
    // The guest printed each try as it went (what the CLI shows live).
    // Its terminal's progress lines (`try 3/6: 56.0 MiB run 1...`) are not among them.
    expect(shown()).toEqual([expect.stringMatching(/^searching the smallest memory limit of forty-eight's cgroup/), ...s.tries.map((t, i) => expect.stringMatching(new RegExp(`^try ${i + 1}/6: +${formatSize(t.valueBytes).replace('.', '\\.')} ${t.verdict}`)))]);
    expect(run.doc!.scenario.source).toBe(file);
  }, 600_000);
});
