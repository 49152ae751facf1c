import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupPermissionError } from '../cgroup/errors.js';
import { EnvironmentError } from '../errors/environment-error.js';
import { makePrivateTempDir } from '../host/private-temp.js';
import { readMemInfo } from '../proc/meminfo.js';
import type { RunResult } from '../result/types.js';
import { runLoadedScenario } from '../run/run-scenario.js';
import { validateScenario } from '../scenario/validate.js';
import { oneLine } from '../report/escape.js';
import type { ScenarioVmRun } from '../vm/run-scenario-in-vm.js';
import { buildReplay, type ReplayPlan } from './build-scenario.js';
import { pickEvent, type PickedEvent } from './pick-event.js';
import { originalRanking, replayRanking, type RankRow } from './ranking.js';
import { variantPlan, type ReplayMatrix } from './matrix.js';
import { parseScale } from './scale.js';
import { swapFigures } from './swap-estimate.js';
import { verdict, type Verdict } from './verdict.js';
import { replayYaml } from './write-yaml.js';

// `oomlab replay` as a library call: log in, scenario out, run where it can run (global OOMs only in
// a VM; memcg OOMs in a host cgroup, or a VM with cgroup v2), compared with the report. It CALLS the
// runner and the VM layer (run/, vm/) and adds nothing to them.

/** What a replay can be asked. */
export interface ReplayOptions {
  /** 1-based event number; default the first with a task table. */
  event?: number;
  /** `auto` (default), `1`, `1/8`, `0.125`. */
  scale?: string;
  top?: number;
  /** Where a memcg event runs: `v1` this host's cgroups, `v2` a VM's. */
  cgroup?: 'v1' | 'v2';
  kernel?: string;
  /** false: build the scenario only (`--no-run`). */
  run?: boolean;
  /** The log's name, for the output and the YAML header. */
  source?: string;
  memAvailableBytes?: number;
  timeoutMs?: number;
  /** Progress lines (which event, the VM's size...), for a terminal. */
  onProgress?: (line: string) => void;
  /** `--matrix`: run once per value (in the report's terms, scaled) and compare. */
  matrix?: ReplayMatrix;
  /** Called with the generated replay before it runs (the CLI prints it, and writes --write). */
  onPlan?: (planned: ReplayOutcome) => void;
}

/** Everything a replay found, the `--json` document's content. */
export interface ReplayOutcome {
  picked: PickedEvent;
  plan: ReplayPlan;
  yaml: string;
  original: RankRow[];
  replay?: ReplayRun;
  /** With --matrix: one run per value, in order (`replay` is the first). */
  matrix?: { key: string; values: string[]; runs: ReplayRun[] };
}

/** One run of a replay and its comparison with the report. */
export interface ReplayRun {
  rows: RankRow[];
  result: RunResult;
  verdict: Verdict;
  seconds: number;
  vm?: { memBytes: number; swapBytes: number; cgroup: string; bootMs: number | null };
}

// Why: the library's entry point (`replayIncident(logText, options)`).
export async function replayIncident(logText: string, o: ReplayOptions = {}): Promise<ReplayOutcome> {
  return replayFromSource([logText], o);
}

// Why: the same for a stream (the CLI's file or stdin), so a huge log is never held whole.
export async function replayFromSource(source: AsyncIterable<string | Uint8Array> | Iterable<string>, o: ReplayOptions = {}): Promise<ReplayOutcome> {
  const scale = parseScale(o.scale);
  const iter: AsyncIterable<string | Uint8Array> = Symbol.asyncIterator in source ? source : (async function* () { yield* source as Iterable<string>; })();
  const picked = await pickEvent(iter, o.event);
  const file = o.source ?? 'the log';
  const plan = buildReplay(picked.event, {
    scale,
    top: o.top,
    memAvailableBytes: o.memAvailableBytes ?? readMemInfo().memAvailable,
    cgroup: o.cgroup,
    source: file,
    eventNumber: picked.number,
  });
  validateScenario(plan.scenario);
  const yaml = replayYaml(plan, { file, event: picked.number });
  const original = originalRanking(picked.event, swapFigures(picked.event));
  // Every matrix value is checked before anything is printed or run.
  const variants = o.matrix ? o.matrix.values.map((v) => ({ value: v, plan: variantPlan(plan, o.matrix!, v) })) : [{ value: '', plan }];
  for (const v of variants) validateScenario(v.plan.scenario);
  const planned: ReplayOutcome = { picked, plan, yaml, original };
  o.onPlan?.(planned);
  if (o.run === false) return planned;
  const runs: ReplayRun[] = [];
  for (const v of variants) {
    if (o.matrix) o.onProgress?.(`${o.matrix.key}=${v.value}:`);
    runs.push(await runOnce(picked, v.plan, o.matrix ? replayYaml(v.plan, { file, event: picked.number }) : yaml, o, file));
  }
  return { ...planned, replay: runs[0]!, ...(o.matrix ? { matrix: { key: o.matrix.key, values: o.matrix.values, runs } } : {}) };
}

async function runOnce(picked: PickedEvent, plan: ReplayPlan, yaml: string, o: ReplayOptions, file: string): Promise<ReplayRun> {
  const t0 = performance.now();
  let result: RunResult;
  let vmInfo: ReplayRun['vm'];
  if (plan.vm) {
    o.onProgress?.(`booting a ${plan.vm.memBytes / 2 ** 20} MiB VM with ${plan.vm.swapBytes / 2 ** 20} MiB of swap (cgroup ${plan.vm.cgroup})...`);
    const run = await runInVmFromYaml(yaml, plan, o);
    if (!run.result) throw new EnvironmentError(`the replay's VM produced no result (${run.vm.outcome}${run.malformed ? `: ${oneLine(run.malformed)}` : run.vm.failure ? `: ${oneLine(run.vm.failure)}` : ''})`);
    result = run.result;
    vmInfo = { memBytes: plan.vm.memBytes, swapBytes: plan.vm.swapBytes, cgroup: plan.vm.cgroup, bootMs: run.vm.bootMs };
  } else {
    result = await runOnHost(plan, file);
  }
  const seconds = (performance.now() - t0) / 1000;
  const { rows } = replayRanking(result);
  return { rows, result, verdict: verdict(picked.event, plan.tasks, result), seconds, ...(vmInfo ? { vm: vmInfo } : {}) };
}

async function runInVmFromYaml(yaml: string, plan: ReplayPlan, o: ReplayOptions): Promise<ScenarioVmRun> {
  const { runScenarioInVm } = await import('../vm/run-scenario-in-vm.js');
  const dir = makePrivateTempDir('replay');
  try {
    const path = join(dir, 'replay.yaml');
    writeFileSync(path, yaml, { mode: 0o600 });
    return await runScenarioInVm(path, { memBytes: plan.vm!.memBytes, swapBytes: plan.vm!.swapBytes, cpus: 2, cgroup: plan.vm!.cgroup, timeoutMs: o.timeoutMs ?? 10 * 60_000, ...(o.kernel ? { kernel: o.kernel } : {}) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runOnHost(plan: ReplayPlan, file: string): Promise<RunResult> {
  const needsSwap = plan.tasks.some((t) => t.swapKb > 0);
  if (needsSwap && readMemInfo().swapTotal === 0) throw new EnvironmentError('this report had swap in use and this host has no swap', 'replay it in a VM with swap: --cgroup v2');
  try {
    return await runLoadedScenario(validateScenario(plan.scenario), {}, file);
  } catch (err) {
    if (err instanceof CgroupPermissionError) throw new EnvironmentError(`${err.message}; without root, a VM runs it: --cgroup v2`);
    throw err;
  }
}
