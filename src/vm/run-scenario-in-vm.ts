import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { MalformedResultError, parseRunResult } from '../result/parse.js';
import type { RunResult } from '../result/types.js';
import { resolveScenarioPath } from '../run/run-scenario.js';
import { loadScenario, parseScenarioText, planScenario } from '../scenario/index.js';
import { mergeMachine, type MachineSettings } from '../scenario/machine.js';
import { applyOverrides } from '../scenario/plan-limits.js';
import type { Scenario, ScenarioOverrides } from '../scenario/types.js';
import { runInVm, type VmRunOptions, type VmRunResult } from './run-in-vm.js';
import { carryCommandDirs } from './scenario-dirs.js';
import { GUEST_RUN } from './guest-command.js';

/** What `oomlab vm run` asks for besides the scenario: the VM, and the machine over the file's `vm:` block. */
export type ScenarioVmOptions = Omit<VmRunOptions, 'command' | 'env' | 'cwd' | 'memBytes' | 'swapBytes' | 'machine'> & {
  /** Shorthands for machine.memBytes / machine.swapBytes (machine wins). */
  memBytes?: number;
  swapBytes?: number;
  /** Flags (and a matrix value) over the scenario's `vm:` block, over the defaults (1G RAM, 1G disk swap). */
  machine?: MachineSettings;
  /** The scenario's top-level cgroup settings for this run (a `--matrix` value: memory, swap, swappiness). */
  overrides?: ScenarioOverrides;
  /** Bring participants' whole stdout and stderr back (the guest runs with --out; files under `out/`). */
  keepOutput?: boolean;
};

/** Where, under the results the guest brings back, participants' output files are. */
export const GUEST_OUTPUT_DIR = 'out';

/** A scenario's run in a VM: the guest's result (when it got that far) and the VM's own record. */
export interface ScenarioVmRun {
  /** The guest's result, checked against `oomlab/result@2` (a guest is not trusted). */
  result?: RunResult;
  /** Why the guest's result.json was refused, in one line; then `result` is absent and exitCode 1. */
  malformed?: string;
  vm: VmRunResult;
  /** The guest oomlab's exit code; 1 when its result was malformed; 3 when the VM itself failed. */
  exitCode: number;
}

const GiB = 2 ** 30;
/** Where the guest's scenario is said to come from (its relative `cwd`s resolve against /tmp). */
const GUEST_SCENARIO_FILE = '/tmp/scenario.yaml';
/** The machine when neither the file nor the flags say otherwise. */
export const DEFAULT_MACHINE: MachineSettings = { memBytes: GiB, swapBytes: GiB, swapKind: 'disk' };

// Why: the scenario is checked on the host first (a typo should not cost a VM boot), then its text
// travels into the guest in the environment and oomlab runs it there with the VM's RAM as the limit.
export async function runScenarioInVm(nameOrPath: string, opts: ScenarioVmOptions = { cpus: 2, cgroup: 'v2', timeoutMs: 15 * 60e3 }): Promise<ScenarioVmRun> {
  const file = resolveScenarioPath(nameOrPath);
  const scenario = await loadScenario(file);
  let text = await readFile(file, 'utf8');
  const doc = parseDocument(text);
  if (opts.overrides && Object.keys(opts.overrides).length) {
    const { limits } = applyOverrides(scenario.cgroup, opts.overrides, scenario.global); // checks the values, naming --matrix
    for (const key of ['memory', 'swap', 'swappiness'] as const) {
      if (opts.overrides[key] !== undefined) doc.setIn(['cgroup', key], key === 'swappiness' ? limits.swappiness : String(opts.overrides[key]));
    }
    // One participant's oom_score_adj (`--matrix oomScoreAdj.NAME`): checked by the preflight plan below.
    const adj = opts.overrides.oomScoreAdj;
    const at = adj ? scenario.participants.findIndex((p) => p.name === adj.participant) : -1;
    if (adj && at >= 0) doc.setIn(['participants', at, 'oomScoreAdj'], Number(adj.value));
    text = doc.toString();
  }
  // Commands' working directories: absolute in the guest's copy, and carried in (see scenario-dirs.ts).
  const carried = carryCommandDirs(scenario, doc);
  if (carried.dirs.length) text = doc.toString();
  const { machine: asked, overrides: _, memBytes, swapBytes, keepOutput, ...vmOpts } = opts;
  const m = vmMachine(scenario, { memBytes, swapBytes }, asked);
  preflightInVm(scenario, m, opts.overrides);
  const out = keepOutput ? ` --output-files "$OOMLAB_RESULTS/${GUEST_OUTPUT_DIR}"` : '';
  const script = `exec node dist/oomlab.cjs ${GUEST_RUN} --json "$OOMLAB_RESULTS/result.json"${out}`;
  const vm = await runInVm({
    ...vmOpts,
    memBytes: m.memBytes!,
    swapBytes: m.swapKind === 'none' ? 0 : m.swapBytes!,
    machine: { swapKind: m.swapKind!, sysctl: m.sysctl ?? {}, ...(m.zramAlgo ? { zramAlgo: m.zramAlgo } : {}), ...(m.lruGen ? { lruGen: m.lruGen } : {}) },
    command: ['sh', '-c', script],
    cwd: PACKAGE_ROOT,
    projectEntries: [...(vmOpts.projectEntries ?? []), ...carried.dirs],
    env: { OOMLAB_SCENARIO_JSON: guestScenarioJson(text) },
  });
  const back = guestResult(vm, file);
  // The machine is recorded by the host (from the guest init's read-back), not by the guest's oomlab.
  if (back.result) back.result.host.vm = vm.machine;
  return { ...back, vm };
}

// Why: the guest gets the Scenario this host's loader makes of the final text, as if it had read the
// text at /tmp/scenario.yaml itself, and runs it through its own small entry (guest-command.ts).
export function guestScenarioJson(text: string): string {
  return JSON.stringify(parseScenarioText(text, GUEST_SCENARIO_FILE));
}

// Why: the machine a VM run of this scenario file boots (a limit search boots it once for many runs).
export async function vmMachineOf(nameOrPath: string, asked: MachineSettings): Promise<MachineSettings> {
  return vmMachine(await loadScenario(resolveScenarioPath(nameOrPath)), asked);
}

// Why: the machine one VM run boots: the defaults, the scenario's `vm:` block, then what was asked.
export function vmMachine(scenario: Scenario, ...asked: Array<MachineSettings | undefined>): MachineSettings {
  const m = mergeMachine(DEFAULT_MACHINE, scenario.vm, ...asked);
  if (m.swapBytes === 0 && m.swapKind === 'disk') m.swapKind = 'none'; // `--swap 0`, as before swap kinds
  return m;
}

// Why: a scenario the guest would refuse (a probe larger than its cgroup, a bad --matrix value) is
// refused before a VM boots. Planned against the VM's RAM as if all of it were available, so only
// what no guest could run is refused here; the guest plans again against its real MemAvailable.
export function preflightInVm(scenario: Scenario, m: MachineSettings, overrides?: ScenarioOverrides): void {
  planScenario(scenario, { host: { memTotal: m.memBytes!, memAvailable: m.memBytes!, swapTotal: m.swapKind === 'none' ? 0 : m.swapBytes! }, inVm: true, ...(overrides ? { overrides } : {}) });
}

// Why: the guest's result.json is data from an untrusted machine: checked, or refused in one line.
export function guestResult(vm: VmRunResult, source: string): Omit<ScenarioVmRun, 'vm'> {
  const vmExit = vm.outcome === 'exited' && vm.exitCode !== null ? vm.exitCode : 3;
  const json = vm.files['result.json'];
  if (!json) return { exitCode: vmExit };
  try {
    const result = parseRunResult(json, "the guest's result.json");
    result.scenario.source = source;
    return { result, exitCode: vmExit };
  } catch (err) {
    if (!(err instanceof MalformedResultError)) throw err;
    return { malformed: err.message, exitCode: 1 };
  }
}
