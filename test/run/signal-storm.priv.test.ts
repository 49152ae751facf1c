import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCgroupDir, oomlab, startOomlab } from '../helpers/cli.js';
import { cgroupSkipReason, memoryHierarchy, ownCgroupDir, removeCgroupTree } from '../helpers/cgroups.js';
import { activeSwaps, markedProcesses, sysctls } from '../helpers/run-leftovers.js';
import { addTestSwap, removeAllTestSwaps, swapSkipReason } from '../helpers/swapfile.js';
import { needs } from '../helpers/skips.js';

// The signal storm (issue 15, item 2): `oomlab run` (the built CLI) on a scenario with swap, two
// sub-groups, hogs that start at staggered moments and a command participant that forks, sent SIGINT,
// SIGTERM or SIGKILL at a seeded random moment from 0 to 3 s after it was started. After each round:
// no process of that harness left (its hogs, the shell, the shell's background sleep), no cgroup of it
// (after `oomlab cleanup` for SIGKILL), no swapfile but the test's own, the watched sysctls as before,
// and for INT/TERM exit 130 and a result file. A signal that came before node ran the bin's first line
// (which holds SIGINT/SIGTERM for the command: src/cli/signal-hold.ts) may end it by that signal
// instead, provided nothing of it is left: having died without cleaning up, anything it had made would
// still be there. (SigCgt cannot tell this moment from outside: node itself catches both from its
// start, to reset the terminal before it dies of them.) OOMLAB_STORM_SEED and OOMLAB_STORM_ROUNDS
// change the storm.

const skip = cgroupSkipReason() ?? (await swapSkipReason());
const SEED = Number(process.env.OOMLAB_STORM_SEED ?? 15);
const ROUNDS = Number(process.env.OOMLAB_STORM_ROUNDS ?? 60);
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
type Sig = (typeof SIGNALS)[number];

const SCENARIO = `name: storm
description: "signal storm: swap, two sub-groups, staggered hogs, a shell that forks"
cgroup: { memory: 320M, swap: 64M, swappiness: 30 }
groups:
  a: { memory: 96M, swap: 32M }
  b: { memory: 96M, swap: 32M }
participants:
  - name: hog-a
    hog: { block: 1M, total: 48M, touch: memset, interval: 5ms, hold: 30s }
    group: a
  - name: hog-b
    hog: { block: 1M, total: 112M, touch: memset, interval: 2ms, hold: 30s }
    group: b
  - name: shell
    command: { argv: [sh, -c, "sleep 30 & sleep 30"] }
${[300, 700, 1100, 1500, 1900, 2300, 2700].map((ms, i) => `  - name: late-${i}\n    hog: { block: 1M, total: 8M, touch: memset, interval: 0, hold: 30s }\n    startAfter: ${ms}ms\n`).join('')}run: { duration: 30s, sample: 50ms }
`;

/** One round as the table counts it. */
interface Round {
  sig: Sig;
  delayMs: number;
  early: boolean;
  exit: string;
  result: boolean;
  hogsAfterDeath: number;
  /** From the signal to the harness's exit. */
  exitAfterMs: number;
  left: string[];
  problems: string[];
}

// mulberry32: a small seeded generator, so a failing storm can be replayed with its seed.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function settle<T>(read: () => T[], ms = 3000): Promise<T[]> {
  const end = Date.now() + ms;
  let now = read();
  while (now.length && Date.now() < end) {
    await sleep(20);
    now = read();
  }
  return now;
}

describe.skipIf(skip)(needs(skip, 'a signal storm on `oomlab run`'), () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-storm-'));
  const file = join(dir, 'storm.yaml');
  // v1: the runs' groups go under a cgroup of this test's own, so its sweeps and cleanups touch nothing else.
  const v1Parent = memoryHierarchy()?.version === 1 ? join(ownCgroupDir(), `oomlab-storm-${process.pid}`) : undefined;
  const rounds: Round[] = [];

  beforeAll(async () => {
    writeFileSync(file, SCENARIO);
    if (v1Parent) mkdirSync(v1Parent);
    await addTestSwap(256 * 2 ** 20);
  }, 120_000);
  afterAll(async () => {
    try {
      printTable(rounds);
    } finally {
      if (v1Parent) await removeCgroupTree(v1Parent);
      await removeAllTestSwaps();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it(`${ROUNDS} rounds of SIGINT/SIGTERM/SIGKILL at 0-3 s (seed ${SEED}) leave nothing behind`, async () => {
    const random = prng(SEED);
    const swapsBefore = activeSwaps();
    const sysctlsBefore = sysctls();
    const started = Date.now();
    for (let n = 0; n < ROUNDS; n++) {
      const sig = SIGNALS[Math.floor(random() * 3)]!;
      const delayMs = Math.floor(random() * 3000);
      const json = join(dir, `r${n}.json`);
      // v2 has no per-group swappiness: the run sets the host's (here: the VM's) vm.swappiness, and puts
      // it back, or, after a SIGKILL, `oomlab cleanup` does, from the run's note (src/state/).
      // No SIGKILL from execa 5 s after the signal: under TCG a teardown can take longer; the 60 s below is the limit.
      const child = startOomlab(['run', file, '--json', json, ...(v1Parent ? ['--cgroup-parent', v1Parent] : ['--allow-host-swappiness'])], { forceKillAfterDelay: false });
      const pid = child.pid!;
      const parent = v1Parent ?? cliCgroupDir(pid)!;
      // On v2 the harness runs in a leaf of its own (oomlab-harness-p<pid>-...), which it cannot remove
      // while it is in it: once empty, the next run's sweep or `oomlab cleanup` does. An empty one is no leftover.
      const emptyLeaf = (g: string): boolean => g.startsWith('oomlab-harness-') && readFileSync(join(parent, g, 'cgroup.procs'), 'utf8').trim() === '';
      const groups = (): string[] => (existsSync(parent) ? readdirSync(parent).filter((g) => g.startsWith('oomlab-') && g.includes(`-p${pid}-`) && !emptyLeaf(g)) : []);
      await sleep(delayMs);
      child.kill(sig);
      const sentAt = Date.now();
      const r = await Promise.race([child, sleep(60_000).then(() => undefined)]);
      const round: Round = { sig, delayMs, early: false, exit: '', result: false, hogsAfterDeath: 0, exitAfterMs: Date.now() - sentAt, left: [], problems: [] };
      if (!r) {
        child.kill('SIGKILL');
        await child;
        round.problems.push('did not exit within 60 s');
      }
      round.exit = r?.exitCode !== undefined ? String(r.exitCode) : (r?.signal ?? 'timeout');
      round.result = existsSync(json) && JSON.parse(readFileSync(json, 'utf8')).scenario?.name === 'storm';
      // Hogs die with their harness (PR_SET_PDEATHSIG) or their teardown; a hog still here is an orphan.
      round.hogsAfterDeath = (await settle(() => markedProcesses(pid).filter((p) => p.exe?.endsWith('/oomlab-hog')))).length;
      if (sig === 'SIGKILL') {
        const c = await oomlab(['cleanup', '--cgroup-parent', parent]);
        if (c.exitCode !== 0) round.problems.push(`cleanup exit ${c.exitCode}: ${c.stderr}`);
      }
      const procs = await settle(() => markedProcesses(pid));
      round.left.push(...procs.map((p) => `process ${p.pid} (${p.comm}, ppid ${p.ppid})`), ...groups().map((g) => `cgroup ${g}`));
      const swaps = activeSwaps();
      if (swaps.join() !== swapsBefore.join()) round.left.push(`swaps ${swaps.join(', ')}`);
      const now = sysctls();
      for (const [k, v] of Object.entries(sysctlsBefore)) if (now[k] !== v) round.left.push(`${k} ${v} -> ${now[k]}`);
      if (round.hogsAfterDeath) round.problems.push(`${round.hogsAfterDeath} oomlab-hog outlived the harness`);
      if (sig !== 'SIGKILL') {
        const clean = round.exit === '130' && round.result;
        // Before the bin's first line nothing can listen; nothing may have been made by then either.
        round.early = !clean && round.exit === sig && round.left.length === 0;
        if (!clean && !round.early) round.problems.push(`exit ${round.exit}, result file ${round.result ? 'written' : 'missing'}`);
      }
      rounds.push(round);
      rmSync(json, { force: true });
    }
    const elapsed = Date.now() - started;
    console.log(`storm: ${ROUNDS} rounds in ${(elapsed / 1000).toFixed(1)} s (seed ${SEED})`);
    expect(rounds.flatMap((r, i) => [...r.left, ...r.problems].map((p) => `round ${i} (${r.sig} at ${r.delayMs} ms): ${p}`))).toEqual([]);
  }, 330_000);
});

// Why: the table the closing note quotes: per signal, the rounds, exit codes, early deaths and leftovers.
function printTable(rounds: Round[]): void {
  const lines = ['signal   rounds  early   exits                      result files  hogs outliving  leftovers  problems'];
  for (const sig of SIGNALS) {
    const rs = rounds.filter((r) => r.sig === sig);
    const exits = new Map<string, number>();
    for (const r of rs) exits.set(r.exit, (exits.get(r.exit) ?? 0) + 1);
    const exitText = [...exits].map(([e, c]) => `${e} x${c}`).join(', ');
    lines.push(`${sig.padEnd(8)} ${String(rs.length).padStart(6)}  ${String(rs.filter((r) => r.early).length).padStart(6)}  ${exitText.padEnd(26)} ${String(rs.filter((r) => r.result).length).padStart(12)}  ${String(rs.reduce((s, r) => s + r.hogsAfterDeath, 0)).padStart(14)}  ${String(rs.reduce((s, r) => s + r.left.length, 0)).padStart(9)}  ${String(rs.reduce((s, r) => s + r.problems.length, 0)).padStart(8)}`);
  }
  const early = rounds.filter((r) => r.early);
  lines.push(`INT/TERM that ended it before the bin listened, with nothing made: ${early.length} (sent at ${early.map((r) => `${r.delayMs} ms`).join(', ') || '-'})`);
  lines.push(`INT/TERM rounds by send time: ${[[0, 100], [100, 300], [300, 1000], [1000, 3000]].map(([a, b]) => `${a}-${b} ms: ${rounds.filter((r) => r.sig !== 'SIGKILL' && r.delayMs >= a! && r.delayMs < b!).length}`).join(', ')}`);
  const term = rounds.filter((r) => r.sig !== 'SIGKILL' && !r.early).map((r) => r.exitAfterMs).sort((a, b) => a - b);
  lines.push(`INT/TERM rounds, signal to exit: median ${term[Math.floor(term.length / 2)] ?? '-'} ms, longest ${term.at(-1) ?? '-'} ms`);
  console.log(lines.join('\n'));
}
