import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { normalizeHogOptions } from '../../src/engine/options.js';
import { runHogExecutable } from '../../src/engine/run-executable.js';
import { findBuildArtifact } from '../../src/native/build-paths.js';
import { oomlab } from '../helpers/cli.js';
import { cgroupSkipReason, createTestMemcg, destroyAllTestMemcgs, hierarchy } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const skip = cgroupSkipReason();

// Every hog here runs inside a memory cgroup the test makes (never unlimited), and afterEach kills
// whatever is left in it and removes it, also when an assertion failed.
describe.skipIf(skip)(needs(skip, 'the hog executable, for real'), () => {
  afterEach(destroyAllTestMemcgs);

  it('untouched (test_mem): VSZ grows by >= 2 GiB while RSS grows by < 64 MiB', async () => {
    const cg = createTestMemcg('untouched', 512 * MiB);
    const r = await oomlab(['hog', '--total', '2G', '--touch', 'none', '--hold', '1s', '--json', '--cgroup', cg.dir]);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(String(r.stdout));
    expect(out).toMatchObject({ outcome: 'completed', signal: null, exitCode: 0, allocatedBytes: 2 * GiB, touchedBytes: 0 });
    expect(out.peakVszBytes - out.startVszBytes).toBeGreaterThanOrEqual(2 * GiB);
    expect(out.peakRssBytes - out.startRssBytes).toBeLessThan(64 * MiB);
  });

  it('touched (test_mem2, memset): RSS grows by >= 500 MiB', async () => {
    const cg = createTestMemcg('touched', 768 * MiB);
    const r = await oomlab(['hog', '--total', '512M', '--touch', 'memset', '--hold', '0', '--json', '--cgroup', cg.dir]);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(String(r.stdout));
    expect(out).toMatchObject({ outcome: 'completed', allocatedBytes: 512 * MiB, touchedBytes: 512 * MiB });
    expect(out.peakRssBytes - out.startRssBytes).toBeGreaterThanOrEqual(500 * MiB);
    // The cgroup was charged for it: the hog was inside before it touched anything.
    expect(cg.peakBytes()).toBeGreaterThanOrEqual(512 * MiB);
  });

  // The fast fill carves blocks out of 2 MiB chunks backed by huge or small pages (native/engine.c);
  // whatever it picks, every block must be resident, charged and counted once.
  it.each([
    ['1 MiB blocks, two to a huge page', MiB, 'pages'],
    ['3 MiB blocks, larger than a huge page', 3 * MiB, 'pages'],
    ['300000-byte blocks, not a page multiple, memset', 300000, 'memset'],
  ])('fast fill (--allocator populate), %s: every block resident and counted', async (_name, block, touch) => {
    const cg = createTestMemcg('populate', 256 * MiB);
    const r = await oomlab(['hog', '--allocator', 'populate', '--block', String(block), '--total', '96M', '--touch', touch, '--interval', '0', '--hold', '300ms', '--json', '--cgroup', cg.dir]);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(String(r.stdout));
    expect(out.outcome).toBe('completed');
    expect(out.touchedBytes).toBe(out.allocatedBytes);
    expect(out.allocatedBytes).toBeGreaterThanOrEqual(96 * MiB);
    expect(out.allocatedBytes).toBeLessThan(96 * MiB + block);
    // (the hold gives the runner's RSS sampling time to see the filled state)
    expect(out.peakRssBytes - out.startRssBytes).toBeGreaterThanOrEqual(96 * MiB);
    // RSS runs ahead of what was touched by less than one huge page (plus the runner's own pages)
    expect(out.peakRssBytes - out.startRssBytes).toBeLessThan(out.touchedBytes + 4 * MiB);
    expect(cg.peakBytes()).toBeGreaterThanOrEqual(96 * MiB);
  });

  it('--rlimit-as 3G with no total ends in "Malloc Fail" after 2.8 to 3.0 GiB, as on the 32-bit box', async () => {
    const cg = createTestMemcg('rlimit', 256 * MiB);
    const r = await oomlab(['hog', '--rlimit-as', '3G', '--touch', 'none', '--interval', '0', '--json', '--cgroup', cg.dir]);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(String(r.stdout));
    expect(out.outcome).toBe('malloc-failed');
    expect(out.exitCode).toBe(12);
    expect(out.failure).toMatchObject({ code: 'ENOMEM', syscall: 'malloc' });
    expect(out.allocatedBytes).toBeGreaterThanOrEqual(2.8 * GiB);
    expect(out.allocatedBytes).toBeLessThanOrEqual(3.0 * GiB);
  });

  it("--human prints the article's lines, ending in Malloc Fail", async () => {
    const cg = createTestMemcg('human', 256 * MiB);
    const r = await oomlab(['hog', '--rlimit-as', '64M', '--touch', 'none', '--interval', '0', '--human', '--cgroup', cg.dir]);
    const lines = String(r.stdout).split('\n');
    expect(lines[0]).toBe('Mem Total 1 MiB');
    const fail = lines.indexOf('Malloc Fail');
    expect(fail).toBeGreaterThan(10);
    expect(lines[fail - 1]).toMatch(/^Mem Total \d+ MiB$/);
    expect(r.stdout).toMatch(/^outcome\s+malloc-failed exit code 12$/m);
  });

  it('joins its cgroup before the first allocation: a 32M limit stops a 128M memset hog (OOM kill)', async () => {
    const cg = createTestMemcg('join', 32 * MiB);
    const result = await runHogExecutable(normalizeHogOptions({ total: '128M', touch: 'memset', interval: '0', hold: '0' }), {
      cgroupProcs: [cg.procs],
      oomScoreAdj: 0,
    });
    expect(result.outcome).toBe('killed');
    expect(result.signal).toBe('SIGKILL');
    expect(result.touchedBytes).toBeLessThan(40 * MiB);
    expect(cg.oomKills()).toBe(1);
  });

  it('exec mode: the command is in the cgroup from its first instruction, with rlimit and oom_score_adj set', async () => {
    const cg = createTestMemcg('exec', 64 * MiB);
    const hog = findBuildArtifact('oomlab-hog');
    const script = 'cat /proc/self/oom_score_adj; ulimit -v; cat /proc/self/cgroup';
    const r = await execa(hog, ['--pdeathsig', '--parent-pid', String(process.pid), '--cgroup-procs', cg.procs, '--oom-score-adj', '500', '--rlimit-as', String(512 * MiB), '--exec', '--', 'sh', '-c', script]);
    const [adj, ulimit, ...cgroupLines] = r.stdout.split('\n');
    const memoryLine = hierarchy().version === 2 ? '0::' : /^\d+:([^:]*,)?memory(,[^:]*)?:/;
    const line = cgroupLines.find((l) => (typeof memoryLine === 'string' ? l.startsWith(memoryLine) : memoryLine.test(l)));
    expect(line?.slice(line.lastIndexOf(':') + 1)).toBe(cg.path);
    expect(adj).toBe('500');
    expect(ulimit).toBe(String(512 * 1024));
  });

  it('--drop-cap 21: neither the engine nor an exec\'d program holds CAP_SYS_ADMIN, and cannot regain it', async () => {
    const cg = createTestMemcg('dropcap', 64 * MiB);
    const hog = findBuildArtifact('oomlab-hog');
    const bit = (status: string, set: string): bigint => (BigInt(`0x${new RegExp(`^${set}:\\s*([0-9a-f]+)$`, 'm').exec(status)![1]}`) >> 21n) & 1n;
    const mine = readFileSync('/proc/self/status', 'utf8');
    expect(bit(mine, 'CapEff'), 'this test runs with CAP_SYS_ADMIN').toBe(1n);
    // exec mode: the program (a root process regains the bounding set at exec) and its own children
    const r = await execa(hog, ['--cgroup-procs', cg.procs, '--drop-cap', '21', '--exec', '--', 'sh', '-c', 'cat /proc/self/status; echo ===; sh -c "cat /proc/self/status"']);
    const [program, grandchild] = r.stdout.split('===');
    for (const status of [program!, grandchild!]) for (const set of ['CapEff', 'CapPrm', 'CapBnd', 'CapInh', 'CapAmb']) expect(bit(status, set), set).toBe(0n);
    // engine mode: the hog process itself, read while it holds its memory
    const child = execa(hog, ['--defaults', '--cgroup-procs', cg.procs, '--drop-cap', '21', '--block', '65536', '--count', '1', '--after', 'hold', '--hold', '3000000000', '--progress-fd', '3'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], reject: false });
    const first = await new Promise<string>((resolve) => child.stdio[3]!.once('data', (d: Buffer) => resolve(String(d))));
    expect(first).toMatch(/"ev":/);
    const engine = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    child.kill('SIGKILL');
    await child;
    expect(bit(engine, 'CapEff')).toBe(0n);
    expect(bit(engine, 'CapBnd')).toBe(0n);
  });

  it('a hog that ends before anyone samples it still has its peaks: it reports VmPeak and VmHWM as it ends', async () => {
    const cg = createTestMemcg('peak', 256 * MiB);
    // One sample at the spawn (before the first block), then none for a minute: the hog is long gone.
    const r = await runHogExecutable(normalizeHogOptions({ total: '96M', touch: 'memset', interval: '0', after: 'free' }), { cgroupProcs: [cg.procs], oomScoreAdj: 0 }, { sampleMs: 60_000 });
    expect(r.outcome).toBe('completed');
    expect(r.peakRssBytes).toBeGreaterThanOrEqual(96 * MiB);
    expect(r.peakVszBytes).toBeGreaterThanOrEqual(96 * MiB);
    expect(r.peakRssBytes).toBeLessThan(128 * MiB);
  });

  it('a holding hog says nothing while nothing changes: one tick after its fill, then one per rewrite', async () => {
    const cg = createTestMemcg('ticks', 64 * MiB);
    const hog = findBuildArtifact('oomlab-hog');
    const common = ['--defaults', '--cgroup-procs', cg.procs, '--block', '65536', '--count', '4', '--interval', '0', '--touch', 'memset', '--after', 'hold', '--progress-every', '10000000', '--progress-fd', '3'];
    const events = async (extra: string[]): Promise<Record<string, number>> => {
      const r = await execa(hog, [...common, ...extra], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
      expect(r.exitCode).toBe(0);
      const lines = String(r.stdio[3]).trim().split('\n').map((l) => JSON.parse(l) as { ev: string; rewrites?: number; touchedBytes?: number });
      expect(lines.at(-1)).toMatchObject({ ev: 'done', touchedBytes: 4 * 65536 });
      const n: Record<string, number> = {};
      for (const l of lines) n[l.ev] = (n[l.ev] ?? 0) + 1;
      return n;
    };
    // 1 s of hold at a 10 ms progress period: 100 ticks if every period had one.
    const idle = await events(['--hold', '1000000000']);
    expect(idle.tick ?? 0).toBeLessThanOrEqual(2);
    // A rewrite every 100 ms changes a counter, so each is reported.
    const busy = await events(['--hold', '1000000000', '--rewrite', '100000000']);
    expect(busy.tick).toBeGreaterThanOrEqual(2);
    expect(busy.tick).toBeLessThanOrEqual(12);
  });

  // A holding hog used to wake every 10 ms to poll for a stop: 500 idle hogs were 50000 wake-ups a
  // second, and kept both cores busy. Now it sleeps until a rewrite, a pass, its hold's end or a signal.
  it('a holding hog sleeps until it has something to do, and SIGTERM still ends its hold', async () => {
    const cg = createTestMemcg('sleep', 64 * MiB);
    const hog = findBuildArtifact('oomlab-hog');
    const child = execa(hog, ['--defaults', '--cgroup-procs', cg.procs, '--block', '65536', '--count', '4', '--interval', '0', '--touch', 'memset', '--after', 'hold', '--hold', '-1', '--progress-fd', '3'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], reject: false });
    const switches = (): number => Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
    // in its hold once the fill's records are out
    await new Promise<void>((resolve) => child.stdio[3]!.on('data', (d: Buffer) => String(d).includes('"phase":"hold"') && resolve()));
    const before = switches();
    await new Promise((r) => setTimeout(r, 500));
    const woke = switches() - before;
    child.kill('SIGTERM');
    const r = await child;
    // 500 ms of polling every 10 ms was ~50 wake-ups; sleeping, none (a stray one is allowed)
    expect(woke).toBeLessThanOrEqual(2);
    // A stop after the target is reached ends a hold as completed (exit 0); it ended: the hold was forever.
    expect(r.exitCode).toBe(0);
    expect(String(r.stdio[3]).trim().split('\n').map((l) => JSON.parse(l)).at(-1)).toMatchObject({ ev: 'done', outcome: 'completed', touchedBytes: 4 * 65536 });
  });

  it('a set-up failure is outcome error naming the step, and `oomlab hog` exits 3', async () => {
    const missing = `${hierarchy().mount}/oomlab-test-no-such-group`;
    const r = await oomlab(['hog', '--count', '1', '--cgroup', missing, '--json']);
    expect(r.exitCode).toBe(3);
    const out = JSON.parse(String(r.stdout));
    expect(out.outcome).toBe('error');
    expect(out.error).toBe('join-cgroup: write failed with ENOENT');
  });
});

describe.skipIf(skip)(needs(skip, 'the addon and the executable share one engine'), () => {
  afterEach(destroyAllTestMemcgs);
  const fixture = fileURLToPath(new URL('../fixtures/addon-hog.mjs', import.meta.url));

  it.each([
    ['memset, by total', { block: '1M', total: '48M', touch: 'memset', interval: '0', after: 'free' }],
    ['a quarter of each block, by count', { block: '256K', count: '100', touch: '0.25', interval: '0', after: 'free' }],
    ['pages via mmap', { block: '1M', total: '32M', touch: 'pages', interval: '0', allocator: 'mmap', after: 'free' }],
  ])('%s: the same counts from both', async (_name, input) => {
    const options = normalizeHogOptions(input);
    const cg = createTestMemcg('same', 128 * MiB);
    const viaExe = await runHogExecutable(options, { cgroupProcs: [cg.procs], oomScoreAdj: 0 });
    const child = await execa('node', [fixture, cg.procs, JSON.stringify(options)]);
    const viaAddon = JSON.parse(child.stdout);
    expect(viaExe.outcome).toBe('completed');
    expect(viaAddon.outcome).toBe('completed');
    expect({ blocks: viaAddon.blocks, allocatedBytes: viaAddon.allocatedBytes, touchedBytes: viaAddon.touchedBytes, failures: viaAddon.failures }).toEqual({
      blocks: viaExe.blocks,
      allocatedBytes: viaExe.allocatedBytes,
      touchedBytes: viaExe.touchedBytes,
      failures: viaExe.failures,
    });
    expect(viaExe.allocatedBytes).toBeGreaterThan(0);
  });
});
