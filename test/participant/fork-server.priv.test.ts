import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ForkServer, type ServedChild } from '../../src/participant/fork-server.js';
import { cgroupSkipReason, createTestMemcg, destroyAllTestMemcgs } from '../helpers/cgroups.js';
import { markedProcesses } from '../helpers/run-leftovers.js';
import { needs } from '../helpers/skips.js';

const MiB = 1024 ** 2;
const skip = cgroupSkipReason();

// The fork server's children run the hog without an exec (native/fork-server.c): whatever an exec
// would have done must be done by hand. Each hog here is in a memory cgroup the test makes.
describe.skipIf(skip)(needs(skip, 'the fork server, for real'), () => {
  afterEach(destroyAllTestMemcgs);

  it('a served hog holds no descriptor of the server or of another hog, and ps shows its name', async () => {
    const cg = createTestMemcg('forksrv', 64 * MiB);
    const server = new ForkServer();
    const argv = (name: string): string[] => ['--defaults', '--cgroup-procs', cg.procs, '--name', name, '--block', '65536', '--count', '2', '--interval', '0', '--touch', 'memset', '--after', 'hold', '--hold', '-1', '--progress-fd', '3'];
    const kids: ServedChild[] = ['fs-a', 'fs-b', 'fs-c'].map((n) => server.start(argv(n)));
    const records = kids.map((k) => {
      let text = '';
      k.progress.on('data', (d: Buffer) => (text += String(d)));
      return () => text;
    });
    try {
      const pids = await Promise.all(kids.map((k) => k.pidKnown));
      expect(pids.every((p) => p > 0)).toBe(true);
      // every one in its hold (its set-up done, its cgroup joined)
      while (!records.every((r) => r().includes('"phase":"hold"'))) await new Promise((r) => setTimeout(r, 20));
      const inGroup = readFileSync(cg.procs, 'utf8').split('\n').filter(Boolean).map(Number);
      for (const [i, pid] of pids.entries()) {
        expect(inGroup).toContain(pid);
        expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0]).toBe(`oomlab-hog fs-${'abc'[i]}`);
        expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe(`fs-${'abc'[i]}`);
        // 0-2 /dev/null, 3 the progress pipe all children share, and its wake-up pipe's two ends: nothing else
        const fds = readdirSync(`/proc/${pid}/fd`).map(Number).sort((a, b) => a - b);
        expect(fds).toEqual([0, 1, 2, 3, 4, 5]);
        expect(readlinkSync(`/proc/${pid}/fd/0`)).toBe('/dev/null');
        // default signal actions again: SIGTERM (15) neither ignored nor blocked by the server's mask
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const mask = (key: string): bigint => BigInt(`0x${new RegExp(`${key}:\\s+([0-9a-f]+)`).exec(status)![1]}`);
        expect(mask('SigIgn') & (1n << 14n)).toBe(0n);
        expect(mask('SigBlk')).toBe(0n);
      }
      for (const k of kids) k.kill('SIGTERM');
      const exits = await Promise.all(kids.map((k) => k.exited));
      // stopped in its hold after its target: completed, exit 0
      expect(exits).toEqual([{ exitCode: 0 }, { exitCode: 0 }, { exitCode: 0 }]);
      for (const r of records) expect(r()).toContain('"ev":"done"');
    } finally {
      for (const k of kids) k.kill('SIGKILL');
      await server.close();
    }
    // close() resolves once the server itself has exited: no oomlab-hog of this process is left
    expect(markedProcesses(process.pid).filter((p) => p.exe?.endsWith('/oomlab-hog'))).toEqual([]);
  });
});
