import { InputError, showValue } from '../../errors/input-error.js';
import { compressorOf, lruGenOf, parseSysctlFlag, swapKindOf, vmMemOf, vmSwapOf, type MachineSettings } from '../../scenario/machine.js';
import { parseDuration } from '../../units/duration.js';
import { parseInteger } from '../options-util.js';
import { checkOutputDir, checkOutputFiles } from '../output/write-output.js';
import { useColor } from '../terminal.js';

// `oomlab vm run`'s action, loaded only when the command runs (commands/vm.ts).

/** `oomlab vm run`'s options, as commander parses them. */
export interface VmFlags {
  mem?: string;
  swap?: string;
  swapKind?: string;
  zramAlgo?: string;
  sysctl?: string[];
  lruGen?: string;
  cpus: string;
  kernel?: string;
  cgroup: string;
  matrix?: string[];
  allowBigMatrix?: boolean;
  parallel: string;
  json?: string;
  html?: string;
  kmsg?: string;
  out?: string;
  timeout: string;
  findLimit?: string;
  group?: string;
  step?: string;
  repeat?: string;
}

// Why: the machine the flags ask for, each flag checked on its own (they override the scenario's `vm:`).
export function machineFlags(f: Pick<VmFlags, 'mem' | 'swap' | 'swapKind' | 'zramAlgo' | 'sysctl' | 'lruGen'>): MachineSettings {
  const m: MachineSettings = {};
  if (f.mem !== undefined) m.memBytes = vmMemOf(f.mem, '--mem');
  if (f.swap !== undefined) m.swapBytes = vmSwapOf(f.swap, '--swap');
  if (f.swapKind !== undefined) m.swapKind = swapKindOf(f.swapKind, '--swap-kind');
  if (f.zramAlgo !== undefined) m.zramAlgo = compressorOf(f.zramAlgo, '--zram-algo');
  if (f.lruGen !== undefined) m.lruGen = lruGenOf(f.lruGen, '--lru-gen');
  if (f.sysctl?.length) m.sysctl = Object.fromEntries(f.sysctl.map(parseSysctlFlag));
  return m;
}

// Why: one VM run (or, with --matrix, one per combination and a comparison), the results written out.
export async function vmRunAction(scenario: string, f: VmFlags): Promise<void> {
  const machine = machineFlags(f);
  const cpus = parseInteger(f.cpus, '--cpus', 1, 64)!;
  if (f.cgroup !== 'v1' && f.cgroup !== 'v2') throw new InputError('--cgroup', 'v1 or v2', showValue(f.cgroup));
  const timeoutMs = parseDuration(f.timeout, '--timeout') / 1e6;
  const parallel = parseInteger(f.parallel, '--parallel', 1, 16)!;
  checkOutputFiles([['--json', f.json], ['--html', f.html], ['--kmsg', f.kmsg]]);
  checkOutputDir('--out', f.out);
  const vmOpts = { cpus, cgroup: f.cgroup, timeoutMs, ...(f.kernel ? { kernel: f.kernel } : {}) } as const;
  if (f.findLimit !== undefined) {
    if (f.matrix?.length) throw new InputError('--matrix', 'no --matrix with --find-limit (search one machine at a time)');
    if (f.out) throw new InputError('--out', 'no --out with --find-limit (--json keeps every try\'s results)');
    const [{ vmFindLimitAction }, { vmMachineOf }] = await Promise.all([import('./vm-find-limit-action.js'), import('../../vm/run-scenario-in-vm.js')]);
    const m = await vmMachineOf(scenario, machine);
    const vm = { ...vmOpts, memBytes: m.memBytes!, swapBytes: m.swapKind === 'none' ? 0 : m.swapBytes!, machine: { swapKind: m.swapKind!, sysctl: m.sysctl ?? {}, ...(m.zramAlgo ? { zramAlgo: m.zramAlgo } : {}), ...(m.lruGen ? { lruGen: m.lruGen } : {}) } };
    process.exitCode = await vmFindLimitAction(scenario, { search: f.findLimit, step: f.step, repeat: f.repeat, group: f.group }, vm, { json: f.json, html: f.html, kmsg: f.kmsg });
    return;
  }
  for (const [flag, value] of [['--group', f.group], ['--step', f.step], ['--repeat', f.repeat]] as const) {
    if (value !== undefined) throw new InputError(flag, 'to be used with --find-limit', showValue(value));
  }
  if (f.matrix?.length) {
    if (f.kmsg) throw new InputError('--kmsg', 'no --kmsg with --matrix (each run has its own kernel log; --json keeps the results)');
    if (f.out) throw new InputError('--out', 'no --out with --matrix (run one combination with --out to keep its output)');
    const [{ labFromMatrix }, { runLabAction }] = await Promise.all([import('../../lab/lab-matrix.js'), import('./lab-action.js')]);
    await runLabAction(labFromMatrix(scenario, f.matrix, machine, f.allowBigMatrix ?? false), { ...vmOpts, parallel }, f);
    return;
  }
  // Loaded on use (as every command's heavy part is): the VM code stays out of other commands' start-up.
  const [{ runScenarioInVm }, { writeVmRun }] = await Promise.all([import('../../vm/run-scenario-in-vm.js'), import('../output/vm-run.js')]);
  // Said once the scenario was checked and qemu, the kernel and the disks are there, not before.
  const onStart = (): void => void process.stderr.write(`booting a VM for ${scenario} (cgroup ${f.cgroup})...\n`);
  const run = await runScenarioInVm(scenario, { ...vmOpts, machine, keepOutput: f.out !== undefined, onStart });
  process.exitCode = writeVmRun(run, { json: f.json, html: f.html, kmsg: f.kmsg, out: f.out, color: useColor() }, process.stdout, process.stderr);
}
