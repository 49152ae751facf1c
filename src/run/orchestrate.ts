import { join } from 'node:path';
import { PsiWatch, type PsiSources } from '../proc/psi-watch.js';
import { attributeKills } from '../evidence/attribute.js';
import type { OutputOptions } from '../participant/output-capture.js';
import { confirmSigkill } from '../evidence/confirm-sigkill.js';
import { oomCounters } from '../evidence/oom-counters.js';
import type { RunOomEvent } from '../evidence/oom-event.js';
import { kmsgEvidence, watchOomKills } from '../evidence/oom-watch.js';
import { readHostFacts } from '../host/host-facts.js';
import { protectHarness } from '../host/self-protect.js';
import { raiseHarnessPriority } from '../host/harness-priority.js';
import { Sampler } from '../proc/index.js';
import { readCgroupResults } from '../result/cgroup-results.js';
import { outcomeOf, participantResult } from '../result/participant-result.js';
import { buildRunResult } from '../result/run-result.js';
import { collectSeries } from '../result/series.js';
import type { Outcome, RunResult } from '../result/types.js';
import type { Plan } from '../scenario/types.js';
import { Instance, type ExitInfo } from './instance.js';
import { ForkServer } from '../participant/fork-server.js';
import { launcher } from './launch.js';
import { outputOptions } from './output-options.js';
import { liveView, type LiveView } from './live-view.js';
import { createRunCgroups, type RunCgroups } from './run-cgroups.js';
import { reachedKey, reachedTriggers, StartSchedule, type InstanceState } from './schedule.js';
import { stopAll } from './teardown.js';

// The orchestrator: plan -> cgroups -> participants (through oomlab-hog's set-up) -> samples and
// kernel-log evidence -> result. One loop ticks at the plan's sampling interval: start what is due, note
// sizes for start triggers, read the kernel log, check whether the run is over. Teardown always runs: stop
// the participants (SIGTERM, grace, SIGKILL), read the cgroups' final figures, destroy them. This file
// drives; spawning is in src/participant, kernel evidence in src/evidence, outcomes in src/result.

/** Options of one run besides the plan. */
export interface RunOptions {
  cgroupParent?: string;
  allowHostSwappiness?: boolean;
  /** Aborting ends the run early (Ctrl-C); the result is still built and everything cleaned up. */
  signal?: AbortSignal;
  /** Called on every tick with the live view (for the progress display). */
  onTick?: (view: LiveView) => void;
  /** Time between SIGTERM and SIGKILL at teardown. Default 2 s. */
  graceMs?: number;
  /** Called once per participant process, as soon as its outcome is decided (see OutcomeNotice).
   *  Informational: what it throws is ignored. */
  onOutcome?: (notice: OutcomeNotice) => void;
  /** Write each participant process's whole stdout and stderr (up to 8 MiB each) here, as
   *  `<name>.stdout` and `<name>.stderr` (`<name>~<n>` after its n-th restart); created if missing. */
  outputDir?: string;
}

/** A participant process's outcome at the moment the harness decided it. An OOM kill of the process
 *  itself is decided the moment the kernel's `Killed process N` record of it is read (the kernel has
 *  sent SIGKILL: the process is dying), which is usually before its exit is seen. Any other outcome is decided when
 *  its exit has been seen and, if it was OOM-killed, the kill confirmed (the kernel's report read, or
 *  its group's oom_kill counter ahead of the kills already explained). A SIGKILL nobody in the
 *  harness sent, with no counter ahead yet, waits for the kernel's report: it is decided when the
 *  report is read (oom-killed), or at the end of the run (killed). The outcome is the one the result
 *  will give, unless a kernel report for it arrives after that. */
export interface OutcomeNotice {
  /** The instance's name (`hog-3`), with `~n` after its n-th restart. */
  name: string;
  pid: number;
  outcome: Outcome;
  /** When it was decided: ms since the run started, on performance.now()'s clock, not rounded. */
  atMs: number;
  /** When the harness saw the process's exit (same clock); absent when the kill was decided first. */
  exitSeenAtMs?: number;
  /** When the harness read the kernel's report of its OOM kill (same clock), if it has one. */
  killReadAtMs?: number;
}

// Why: the host's PSI file and each run cgroup's (v2 only: v1 has no per-group memory.pressure).
function psiSources(cgroups: RunCgroups | undefined): PsiSources {
  return { hostPath: '/proc/pressure/memory', groups: (cgroups?.all() ?? []).map(({ name, cg }) => ({ name, path: cg.version === 2 ? join(cg.path, 'memory.pressure') : undefined })) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The longest stretch of participant starts in one turn of the run loop. */
const START_SLICE_MS = 10;

// Why: the one entry point that runs a plan on this machine for real and returns its result.
export async function runPlan(plan: Plan, opts: RunOptions = {}): Promise<RunResult> {
  protectHarness();
  const startedAt = new Date();
  // Before anything is made or watched: a directory that cannot be made is an error with nothing to undo.
  const output = outputOptions(opts.outputDir);
  const cgroups = plan.global ? undefined : await createRunCgroups(plan, { parent: opts.cgroupParent, allowHostSwappiness: opts.allowHostSwappiness });
  const priority = raiseHarnessPriority();
  try {
    return await runInCgroups(plan, cgroups, startedAt, opts, output);
  } finally {
    priority.release();
    await cgroups?.top.destroy();
  }
}

async function runInCgroups(plan: Plan, cgroups: RunCgroups | undefined, startedAt: Date, opts: RunOptions, output: OutputOptions): Promise<RunResult> {
  const host = readHostFacts(cgroups ? cgroups.root.version : 'none');
  const intervalMs = Math.max(1, plan.run.sampleNs / 1e6);
  const oom = watchOomKills();
  const launch = launcher(cgroups);
  const instances = new Map(plan.instances.map((p) => [p.name, new Instance(p, launch(p), output)]));
  const all = [...instances.values()];
  const events: RunOomEvent[] = [];
  // Strict: drained every interval, as this loop wakes every interval anyway and its triggers need fresh sizes.
  const sampler = new Sampler({ intervalMs, treeScanMs: Math.max(intervalMs, 20), ...(plan.run.sampleStrict ? { strict: true, drainMs: intervalMs } : {}), onGone: (g) => instances.get(ownerOf(g.group))?.pids.add(g.pid) });
  for (const { name, cg, members } of cgroups?.all() ?? []) sampler.addCgroup({ name, read: () => cg.sample(), pids: () => members.pids() });
  const psi = new PsiWatch(psiSources(cgroups));
  const schedule = new StartSchedule(plan.instances);
  const triggers = reachedTriggers(plan.instances);
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const counters = oomCounters(cgroups);
  // Processes that died of a SIGKILL the harness did not send, whose kernel report is not read yet.
  const pending = new Set<Instance>();
  // Pids whose notice went out already (an OOM kill decided from the kernel's report, before the exit).
  const noticed = new Set<number>();
  const send = (notice: OutcomeNotice): void => {
    if (!opts.onOutcome) return;
    try {
      opts.onOutcome(notice);
    } catch {
      // informational only: a throwing callback must not break the run or its cleanup
    }
  };
  const notify = (i: Instance): void => {
    pending.delete(i);
    const pid = i.current?.pid ?? -1;
    if (!i.lastExit || noticed.has(pid)) return;
    const notice: OutcomeNotice = { name: i.samplerNames.at(-1)!, pid, outcome: outcomeOf(i), atMs: now(), exitSeenAtMs: i.lastExit.atMs };
    if (i.oomKilledNow && i.killReadAtMs !== undefined) notice.killReadAtMs = i.killReadAtMs;
    send(notice);
  };
  // The kernel killed a participant's process itself: its outcome is decided now, whenever its exit comes.
  const killedNow = (i: Instance, pid: number, atMs: number): void => {
    if (!i.running || i.current?.pid !== pid || noticed.has(pid)) return;
    noticed.add(pid);
    send({ name: i.samplerNames.at(-1)!, pid, outcome: 'oom-killed', atMs: now(), killReadAtMs: atMs });
  };
  const noteKills = (seen: readonly RunOomEvent[], atMs: number): void => {
    events.push(...seen);
    for (const e of seen) {
      const i = e.participant === undefined ? undefined : instances.get(e.participant);
      if (!i) continue;
      i.killReadAtMs = atMs;
      if (pending.has(i)) notify(i);
      else killedNow(i, e.victimPid, atMs);
    }
  };
  const readKills = (): void => {
    const t = now();
    // The kill line decides before the report around it is parsed (kernel-log/killed-record.ts).
    const onKilled = (pid: number): void => {
      const i = all.find((x) => x.current?.pid === pid);
      if (i) killedNow(i, pid, t);
    };
    noteKills(attributeKills(oom.poll(t, onKilled), instances, cgroups), t);
  };

  // Hogs start through a fork server, so the loop keeps ticking while hundreds start (unless
  // OOMLAB_FORK_SERVER=0: the old way, one execa child each, kept for comparison in the bench).
  const server = process.env.OOMLAB_FORK_SERVER === '0' ? undefined : new ForkServer();
  // A kill read before the fork server's line with its victim's pid (on a slow CPU a hog can fill its
  // group before the harness reads that line): no instance held the pid then, so its event was left
  // without an owner (in a group of several). It is this instance's, decided the moment the pid is known.
  const claimKills = (i: Instance, pid: number): void => {
    const unowned = events.filter((e) => e.participant === undefined && e.victimPid === pid);
    if (!unowned.length) return;
    for (const e of unowned) {
      e.participant = i.plan.name;
      i.kills.push(e);
      i.killReadAtMs = e.atMs;
    }
    if (i.running && i.current?.pid === pid && !noticed.has(pid)) {
      noticed.add(pid);
      send({ name: i.samplerNames.at(-1)!, pid, outcome: 'oom-killed', atMs: now(), killReadAtMs: i.killReadAtMs });
    }
  };
  const startInstance = (i: Instance): void => {
    const name = i.restarts ? `${i.plan.name}~${i.restarts}` : i.plan.name;
    const spawned = i.start(now(), name, onExit, server);
    const leaf = i.plan.run.kind === 'hog' || i.plan.run.kind === 'probe'; // the engine starts no process
    if (spawned.pid > 0) sampler.addParticipant(name, spawned.pid, leaf);
    else
      void spawned.pidKnown.then((pid) => {
        if (pid > 0 && i.current === spawned) claimKills(i, pid);
        if (pid > 0 && i.running && i.current === spawned) sampler.addParticipant(name, pid, leaf);
      });
  };
  const onExit = (i: Instance, exit: Omit<ExitInfo, 'atMs'>): void => {
    i.lastExit = { ...exit, atMs: now() };
    readKills();
    const unsent = exit.signal === 'SIGKILL' && !i.stoppedByHarness;
    const decided = unsent ? confirmSigkill(i, i.current?.pid ?? -1, all, counters, now()) : undefined;
    if (decided) events.push(decided);
    // No counter moved: with /dev/kmsg, the kernel's report may still be on its way.
    if (oom.available && unsent && !i.oomKilledNow) pending.add(i);
    else notify(i);
    if (i.plan.restart === 'on-oom' && i.oomKilledNow && !i.stoppedByHarness && !opts.signal?.aborted) {
      i.restarts++;
      startInstance(i);
      return;
    }
    i.state.exitedAtMs = i.lastExit.atMs;
  };

  // Read the kernel's report the moment /dev/kmsg has it (a thread of the addon waits on it), not
  // only on ticks and exits; the ticks still poll, as the fallback when the addon is not built.
  oom.onReadable(readKills);
  sampler.start(t0); // the run's clock: a sample's t and an event's atMs compare
  try {
    // Starting is sliced: at most START_SLICE_MS of starts per turn of the loop, then a turn of the
    // event loop (samples, the kernel log, exits) before the rest, so hundreds of participants due at
    // once never hold the harness for long.
    const toStart: Instance[] = [];
    const sliceMs = Math.max(2, Math.min(START_SLICE_MS, intervalMs / 2));
    for (let tick = 1; ; ) {
      const t = now();
      // Aborted (a signal, perhaps before the first tick): nothing more is started, the loop ends below.
      if (!opts.signal?.aborted) {
        if (schedule.waiting.length) for (const p of schedule.due(t, stateMap(instances))) toStart.push(instances.get(p.name)!);
        const until = performance.now() + sliceMs;
        while (toStart.length && performance.now() < until) startInstance(toStart.shift()!);
      }
      noteSizes(all, sampler, triggers, t);
      readKills();
      psi.read(t);
      opts.onTick?.(liveView(t, all, sampler, cgroups, events.length));
      if (opts.signal?.aborted || t >= plan.run.durationNs / 1e6) break;
      if (plan.run.until === 'all-exited' && schedule.waiting.length === 0 && toStart.length === 0 && !all.some((i) => i.running)) break;
      if (plan.run.until === 'first-oom-kill' && events.some((e) => e.participant !== undefined)) break;
      if (toStart.length) {
        await sleep(0);
        continue;
      }
      await sleep(Math.max(0, tick * intervalMs - now()));
      tick++;
    }
  } finally {
    await stopAll(all, opts.graceMs ?? 2000);
    await server?.close();
    sampler.stop();
  }
  const durationMs = now();
  noteKills(attributeKills(oom.close(durationMs), instances, cgroups), durationMs);
  for (const i of [...pending]) notify(i);
  const report = sampler.report();
  const cgroupResults = cgroups ? readCgroupResults(cgroups, (name) => report.cgroups.find((c) => c.name === name)?.peak.swap) : [];
  sampler.close();
  psi.read(durationMs);
  const pressure = psi.report();
  const series = collectSeries(report, all);
  series.psi = pressure.series;
  return buildRunResult({
    plan,
    startedAt,
    host,
    durationMs,
    cgroups: cgroupResults,
    rootCgroup: cgroups?.topName,
    participants: all.map((i) => participantResult(i, report.participants)),
    oomEvents: events,
    evidence: kmsgEvidence(oom, events),
    series,
    psi: { host: pressure.host, groups: pressure.groups, ...(pressure.note ? { note: pressure.note } : {}) },
  });
}

/** A sampler name (`hog`, or `hog~2` after restarts) back to its instance. */
const ownerOf = (samplerName: string): string => samplerName.replace(/~\d+$/, '');

function stateMap(instances: ReadonlyMap<string, Instance>): Map<string, InstanceState> {
  const m = new Map<string, InstanceState>();
  for (const [name, i] of instances) if (i.startedAtMs !== undefined) m.set(name, i.state);
  return m;
}

// Sizes of each running instance's current tree, and the first time each waited-for size was reached.
function noteSizes(all: readonly Instance[], sampler: Sampler, triggers: ReturnType<typeof reachedTriggers>, t: number): void {
  for (const i of all) {
    const report = i.running ? sampler.participantPeek(i.samplerNames.at(-1)!) : undefined;
    if (!report) continue;
    const members = report.members;
    for (let k = 0; k < members.length; k++) i.pids.add(members[k]!.sample.pid);
    i.state.rssBytes = report.latest.rss;
    i.state.vszBytes = report.latest.vsz;
    for (const trig of triggers) {
      const size = trig.measure === 'rss' ? Math.max(report.latest.rss, report.peak.best) : Math.max(report.latest.vsz, report.peak.vsz);
      const key = reachedKey(trig.measure, trig.bytes);
      if (size >= trig.bytes && !i.state.reachedAtMs.has(key)) i.state.reachedAtMs.set(key, t);
    }
  }
}
