import { EnvironmentError } from '../errors/environment-error.js';
import type { RunResult } from '../result/types.js';
import { resolveScenarioPath } from '../run/run-scenario.js';
import { loadScenario } from '../scenario/index.js';
import { mergeMachine, type MachineSettings } from '../scenario/machine.js';
import { findVmKernel } from '../vm/kernel.js';
import { machineModules } from '../vm/kernel-features.js';
import { preflightInVm, runScenarioInVm, vmMachine, type ScenarioVmRun } from '../vm/run-scenario-in-vm.js';
import { largestVmBytes } from '../vm/vm-size.js';
import { answerQuestions, type LabAnswer } from './lab-questions.js';
import { labRow, type LabRow } from './lab-rows.js';
import type { Lab } from './lab-types.js';

// A lab runs one throwaway VM per machine, `parallel` at a time, through the same runScenarioInVm as
// `oomlab vm run`. Everything is checked before the first VM boots: the scenario, each machine's
// settings against the kernel (a missing zswap is exit 3 before anything starts), the cgroup
// overrides; and `parallel` is lowered until that many of the largest VM fit the host's memory.

/** How the lab's VMs run. */
export interface LabRunOptions {
  cpus: number;
  cgroup: 'v1' | 'v2';
  timeoutMs: number;
  kernel?: string;
  parallel: number;
  /** A line per VM as it starts and ends (stderr). */
  onProgress?: (line: string) => void;
}

/** A lab, run. */
export interface LabOutcome {
  lab: Lab;
  rows: LabRow[];
  answers: LabAnswer[];
  /** Per run: the guest's result (absent when the VM produced none). */
  results: Array<RunResult | undefined>;
  /** The guest oomlab's exit code per run (3: the VM failed). */
  exitCodes: number[];
  parallel: number;
  wallMs: number;
}

// Why: the machine one run of the lab boots, over the scenario's own `vm:` block.
export function machineFor(lab: Lab, i: number): MachineSettings {
  return mergeMachine(lab.base, lab.runs[i]!.machine);
}

// Why: `oomlab lab` and `oomlab vm run --matrix`: every VM, then the comparison.
export async function runLab(lab: Lab, o: LabRunOptions): Promise<LabOutcome> {
  const scenario = await loadScenario(resolveScenarioPath(lab.scenario));
  const kernel = findVmKernel(o.kernel ? { kernel: o.kernel } : {});
  const machines = lab.runs.map((spec, i) => {
    const m = vmMachine(scenario, machineFor(lab, i));
    preflightInVm(scenario, m, spec.overrides);
    machineModules(kernel, { swapKind: m.swapKind!, swapBytes: m.swapBytes!, sysctl: m.sysctl ?? {}, ...(m.zramAlgo ? { zramAlgo: m.zramAlgo } : {}), ...(m.lruGen ? { lruGen: m.lruGen } : {}) });
    return m;
  });
  const largest = Math.max(...machines.map((m) => m.memBytes!));
  const fits = Math.floor(largestVmBytes() / largest);
  if (fits < 1) throw new EnvironmentError(`a ${Math.round(largest / 2 ** 20)} MiB VM does not fit on this host now`, 'ask for less with --mem or vm.mem');
  const parallel = Math.max(1, Math.min(o.parallel, fits, lab.runs.length));
  if (parallel < o.parallel && o.parallel <= lab.runs.length) o.onProgress?.(`--parallel ${o.parallel}: only ${parallel} VMs of this size fit the host's memory now`);
  const t0 = performance.now();
  const runs: ScenarioVmRun[] = new Array(lab.runs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lab.runs.length) {
      const i = next++;
      const spec = lab.runs[i]!;
      o.onProgress?.(`[${i + 1}/${lab.runs.length}] ${spec.label}: booting`);
      runs[i] = await runScenarioInVm(scenario.file ?? lab.scenario, {
        cpus: o.cpus,
        cgroup: o.cgroup,
        timeoutMs: o.timeoutMs,
        kernel: kernel.path,
        modulesDir: kernel.modulesDir,
        machine: machineFor(lab, i),
        overrides: spec.overrides,
      });
      const r = runs[i]!;
      o.onProgress?.(`[${i + 1}/${lab.runs.length}] ${spec.label}: ${r.result ? `${r.result.verdict}, ${(r.result.durationMs / 1000).toFixed(1)}s` : r.vm.outcome} (VM ${(r.vm.totalMs / 1000).toFixed(1)}s)`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const results = runs.map((r) => r.result);
  const rows = runs.map((r, i) => {
    const failure = r.malformed ?? r.vm.failure ?? (r.result ? undefined : guestError(r.vm.consoleLog));
    return labRow(lab.runs[i]!, r.result, { outcome: r.malformed ? 'malformed' : r.vm.outcome === 'exited' && !r.result ? `exit ${r.exitCode}` : r.vm.outcome, ...(failure ? { failure } : {}) });
  });
  return { lab, rows, answers: answerQuestions(lab.questions, rows, results), results, exitCodes: runs.map((r) => r.exitCode), parallel, wallMs: Math.round(performance.now() - t0) };
}

// The guest oomlab's own one-line error (it refused the scenario on that machine), if it printed one.
function guestError(consoleLog: string): string | undefined {
  const line = consoleLog.split('\n').reverse().find((l) => l.startsWith('oomlab: '));
  return line?.slice('oomlab: '.length, 'oomlab: '.length + 200).trim();
}
