import { execa, type ResultPromise } from 'execa';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliCgroupDir, oomlab, startOomlab } from '../helpers/cli.js';
import { setprivWithUids } from '../helpers/commands.js';
import { cgroupSkipReason } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

// `oomlab cleanup` (the built CLI) against processes re-parented to pid 1: it kills a process only
// when the OOMLAB_HARNESS marker in its environment names a harness that is gone and the process is
// the caller's (root's) own; never one merely called oomlab-hog, never another user's.

const NOBODY = 65534;
const TRIES = 2000; // polls 10 ms apart: a bound on waiting, never a timing assertion

interface Stat {
  state: string;
  ppid: number;
  start: number;
}

// Fields after the last ')' of /proc/<pid>/stat start at field 3: state, ppid (4), start time (22).
function statOf(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: f[0]!, ppid: Number(f[1]), start: Number(f[19]) };
}

const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
const markers = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter((e) => e.startsWith('OOMLAB_HARNESS='));
const realUid = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))![1]);

/** Every process a test started, as pid and start time (so a reused pid is never killed). */
const started: Array<{ pid: number; start: number }> = [];
let harness: ResultPromise | undefined;

function track(pid: number): number {
  const s = statOf(pid);
  if (!s) throw new Error(`process ${pid} is already gone`);
  started.push({ pid, start: s.start });
  return pid;
}

// The same process (pid and start time) still running: not gone, not a zombie.
function alive(pid: number, start: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const s = statOf(pid);
  return s !== undefined && s.start === start && s.state !== 'Z';
}

async function waitUntil(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < TRIES; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

// Dead: kill(pid, 0) fails, or the pid is a zombie pid 1 has not reaped yet (or someone else's now).
async function waitDead(pid: number, start: number): Promise<void> {
  await waitUntil(() => !alive(pid, start), `process ${pid} to die`);
}

afterEach(async () => {
  const hadHarness = harness?.pid;
  harness?.kill('SIGKILL');
  await harness;
  harness = undefined;
  for (const { pid, start } of started) {
    if (!alive(pid, start)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const all = started.splice(0);
  for (const { pid, start } of all) await waitDead(pid, start);
  // A SIGKILLed harness leaves its cgroups; remove them even when the test failed before its cleanup.
  if (hadHarness !== undefined) await oomlab(cleanupArgs(hadHarness));
});

let dir = '';
let hogCopy = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oomlab-orphans-'));
  chmodSync(dir, 0o755); // nobody must be able to run the copy too
  hogCopy = join(dir, 'oomlab-hog');
  copyFileSync('/bin/sleep', hogCopy);
  chmodSync(hogCopy, 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A copy of sleep called oomlab-hog, run in its own session by a shell that exits at once, so its
// parent becomes pid 1; `env` is its whole environment. Waits until it has exec'd and been re-parented.
async function startDetached(env: Record<string, string>, asNobody = false): Promise<number> {
  const prefix = asNobody ? `setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups ` : '';
  const r = await execa('setsid', ['sh', '-c', `${prefix}"$0" 1000 </dev/null >/dev/null 2>&1 & echo $!`, hogCopy], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    extendEnv: false,
  });
  const pid = track(Number(r.stdout.trim()));
  await waitUntil(() => statOf(pid)?.ppid === 1 && comm(pid) === 'oomlab-hog' && realUid(pid) === (asNobody ? NOBODY : 0), `process ${pid} to be an orphan called oomlab-hog`);
  return pid;
}

// A marker naming a harness that is gone: a process that existed (this pid, this start time) and was reaped.
async function deadHarness(): Promise<{ pid: number; marker: string }> {
  const p = execa('sleep', ['1000'], { reject: false });
  const pid = p.pid!;
  const s = statOf(pid)!;
  p.kill('SIGKILL');
  await p;
  expect(statOf(pid)?.start).not.toBe(s.start);
  return { pid, marker: `${pid}:${s.start}` };
}

/** `oomlab cleanup`, looking where a harness (by pid) made its groups: on v2 its own cgroup (cli.ts). */
function cleanupArgs(harnessPid?: number): string[] {
  const dir = harnessPid === undefined ? undefined : cliCgroupDir(harnessPid);
  return dir ? ['cleanup', '--cgroup-parent', dir] : ['cleanup'];
}

async function cleanup(harnessPid?: number): Promise<string[]> {
  const r = await oomlab(cleanupArgs(harnessPid));
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return String(r.stdout).split('\n');
}

const killedLine = (pid: number) => new RegExp(`^killed orphaned participant ${pid} `);

const asOthers = process.getuid?.() !== 0 ? 'needs root (to start processes as another user)' : setprivWithUids() ? undefined : toolReason('setpriv');

describe.skipIf(asOthers)(needs(asOthers, 'oomlab cleanup and orphaned participants'), () => {
  it('leaves alone a process that is only called oomlab-hog (no marker), though its parent is pid 1', async () => {
    const pid = await startDetached({});
    const { start } = statOf(pid)!;
    expect(markers(pid)).toEqual([]);
    const lines = await cleanup();
    expect(lines.filter((l) => killedLine(pid).test(l))).toEqual([]);
    expect(alive(pid, start)).toBe(true);
  });

  it("leaves alone another user's orphan, even with a marker naming a dead harness", async () => {
    const dead = await deadHarness();
    const pid = await startDetached({ OOMLAB_HARNESS: dead.marker }, true);
    const { start } = statOf(pid)!;
    expect(markers(pid)).toEqual([`OOMLAB_HARNESS=${dead.marker}`]);
    const lines = await cleanup();
    expect(lines.filter((l) => killedLine(pid).test(l))).toEqual([]);
    expect(alive(pid, start)).toBe(true);
  });

  it("kills root's orphan whose marker names a dead harness, and says so; not one whose harness lives", async () => {
    const dead = await deadHarness();
    const orphan = await startDetached({ OOMLAB_HARNESS: dead.marker });
    const orphanStart = statOf(orphan)!.start;
    // The same, but naming a harness that is running (this test process).
    const kept = await startDetached({ OOMLAB_HARNESS: `${process.pid}:${statOf(process.pid)!.start}` });
    const keptStart = statOf(kept)!.start;
    const lines = await cleanup();
    expect(lines).toContain(`killed orphaned participant ${orphan} (oomlab-hog) of harness ${dead.pid}, which is gone`);
    expect(lines.filter((l) => killedLine(kept).test(l))).toEqual([]);
    await waitDead(orphan, orphanStart);
    expect(alive(kept, keptStart)).toBe(true);
  });
});

const skip = cgroupSkipReason();

describe.skipIf(skip)(needs(skip, 'a harness SIGKILLed mid-run'), () => {
  it("leaves an orphan carrying the harness's marker (a scenario's env cannot override it); cleanup kills it", async () => {
    const pidFile = join(dir, 'orphan.pid');
    const scenario = join(dir, 'orphan.yaml');
    writeFileSync(
      scenario,
      `name: orphan-marker
cgroup: { memory: 64M }
participants:
  - name: leaker
    command:
      argv: [sh, -c, "sleep 1000 </dev/null >/dev/null 2>&1 & echo $! > ${pidFile}; exec sleep 1000"]
      env: { OOMLAB_HARNESS: "1:1" }
run: { duration: 60s, until: all-exited, sample: 50ms }
`,
    );
    harness = startOomlab(['run', scenario]);
    const hpid = harness.pid!;
    const hstart = statOf(hpid)!.start;
    await waitUntil(() => /^\d+\n$/.test(readText(pidFile)), 'the participant to start its background child');
    const orphan = track(Number(readText(pidFile)));
    const orphanStart = statOf(orphan)!.start;
    harness.kill('SIGKILL');
    await harness;
    // The participant dies with its harness (PR_SET_PDEATHSIG); its background child is re-parented.
    await waitUntil(() => statOf(orphan)?.ppid === 1, `process ${orphan} to be re-parented to pid 1`);
    expect(markers(orphan)).toEqual([`OOMLAB_HARNESS=${hpid}:${hstart}`]);
    const lines = await cleanup(hpid);
    expect(lines).toContain(`killed orphaned participant ${orphan} (sleep) of harness ${hpid}, which is gone`);
    // Its run group (on v2 also the leaf the harness had moved itself into, removed as well).
    const removed = lines.filter((l) => l.startsWith('removed ') && l.endsWith(`-p${hpid}-t${hstart}`));
    expect(removed.filter((l) => !l.includes('/oomlab-harness-'))).toHaveLength(1);
    await waitDead(orphan, orphanStart);
  });
});

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
