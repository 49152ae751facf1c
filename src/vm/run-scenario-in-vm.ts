import { readFile } from 'node:fs/promises';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { MalformedResultError, parseRunResult } from '../result/parse.js';
import type { RunResult } from '../result/types.js';
import { resolveScenarioPath } from '../run/run-scenario.js';
import { loadScenario } from '../scenario/index.js';
import { runInVm, type VmRunOptions, type VmRunResult } from './run-in-vm.js';

/** What `oomlab vm run` asks for besides the scenario. */
type ScenarioVmOptions = Omit<VmRunOptions, 'command' | 'env' | 'cwd'> & {
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

// Why: the scenario is checked on the host first (a typo should not cost a VM boot), then its text
// travels into the guest in the environment and oomlab runs it there with the VM's RAM as the limit.
export async function runScenarioInVm(nameOrPath: string, opts: ScenarioVmOptions): Promise<ScenarioVmRun> {
  const file = resolveScenarioPath(nameOrPath);
  await loadScenario(file);
  const text = await readFile(file, 'utf8');
  const { keepOutput, ...vmOptions } = opts;
  const out = keepOutput ? ` --output-files "$OOMLAB_RESULTS/${GUEST_OUTPUT_DIR}"` : '';
  const script = `printf "%s" "$OOMLAB_SCENARIO" > /tmp/scenario.yaml && exec node dist/oomlab.cjs run /tmp/scenario.yaml --json "$OOMLAB_RESULTS/result.json"${out}`;
  const vm = await runInVm({ ...vmOptions, command: ['sh', '-c', script], cwd: PACKAGE_ROOT, env: { OOMLAB_SCENARIO: text } });
  return { ...guestResult(vm, file), vm };
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
