import type { Command } from 'commander';
import { InputError, showValue } from '../../errors/input-error.js';
import { formatSize, parseSize } from '../../units/size.js';
import { parseDuration } from '../../units/duration.js';
import type { Register } from '../run-cli.js';
import { parseInteger } from '../options-util.js';
import { checkOutputFiles } from '../output/write-output.js';
import { useColor } from '../terminal.js';

interface VmFlags {
  mem: string;
  swap: string;
  cpus: string;
  kernel?: string;
  cgroup: string;
  json?: string;
  html?: string;
  kmsg?: string;
  timeout: string;
  findLimit?: string;
  group?: string;
  step?: string;
  repeat?: string;
}

// Why: the article's incident was the whole machine running out; that is only safe in a throwaway VM.
export const registerVm: Register = (program: Command) => {
  const vm = program.command('vm').description('run scenarios inside a disposable qemu VM (whole-machine OOM, cgroup v2)');
  vm.command('run')
    .description('boot a VM, run the scenario in it with oomlab, bring the results and the guest kernel log back')
    .argument('<scenario>', 'a built-in scenario name (oomlab list), or a file: a path with a / or ending in .yaml, .yml or .json')
    .option('--mem <size>', "the VM's RAM", '1G')
    .option('--swap <size>', "the VM's swap (a virtio disk); 0 for none", '1G')
    .option('--cpus <n>', 'virtual CPUs', '2')
    .option('--kernel <path>', 'a kernel image (default: the host\'s, else the Debian cloud kernel from scripts/fetch-vm-kernel.sh)')
    .option('--cgroup <version>', 'v1 or v2: how the guest mounts cgroups', 'v2')
    .option('--json <file>', 'write the result as JSON')
    .option('--html <file>', 'write the HTML report')
    .option('--kmsg <file>', "write the guest's kernel log")
    .option('--timeout <duration>', 'give up (and kill the VM) after this long', '15m')
    .option('--find-limit <key[=LOW..HIGH]>', 'find the smallest memory (or swap) limit that holds, by real runs inside one VM boot (see oomlab run --find-limit)')
    .option('--group <name>', 'with --find-limit: search this group\'s limit')
    .option('--step <size>', 'with --find-limit: the resolution of the answer (default 4M)')
    .option('--repeat <n>', 'with --find-limit: runs per value (default 1)')
    .action(async (scenario: string, f: VmFlags) => {
      const memBytes = parseSize(f.mem, '--mem');
      if (memBytes < 128 * 2 ** 20) throw new InputError('--mem', 'at least 128M', showValue(f.mem));
      const swapBytes = parseSize(f.swap, '--swap');
      const cpus = parseInteger(f.cpus, '--cpus', 1, 64)!;
      if (f.cgroup !== 'v1' && f.cgroup !== 'v2') throw new InputError('--cgroup', 'v1 or v2', showValue(f.cgroup));
      const timeoutMs = parseDuration(f.timeout, '--timeout') / 1e6;
      checkOutputFiles([['--json', f.json], ['--html', f.html], ['--kmsg', f.kmsg]]);
      const vmOpts = { memBytes, swapBytes, cpus, cgroup: f.cgroup, timeoutMs, ...(f.kernel ? { kernel: f.kernel } : {}) } as const;
      if (f.findLimit !== undefined) {
        const { vmFindLimitAction } = await import('./vm-find-limit-action.js');
        process.exitCode = await vmFindLimitAction(scenario, { search: f.findLimit, step: f.step, repeat: f.repeat, group: f.group }, vmOpts, { json: f.json, html: f.html, kmsg: f.kmsg });
        return;
      }
      for (const [flag, value] of [['--group', f.group], ['--step', f.step], ['--repeat', f.repeat]] as const) {
        if (value !== undefined) throw new InputError(flag, 'to be used with --find-limit', showValue(value));
      }
      process.stderr.write(`booting a ${formatSize(memBytes)} VM with ${formatSize(swapBytes)} of swap (cgroup ${f.cgroup})...\n`);
      // Loaded on use (as every command's heavy part is): the VM code stays out of other commands' start-up.
      const [{ runScenarioInVm }, { writeVmRun }] = await Promise.all([import('../../vm/run-scenario-in-vm.js'), import('../output/vm-run.js')]);
      const run = await runScenarioInVm(scenario, vmOpts);
      process.exitCode = writeVmRun(run, { json: f.json, html: f.html, kmsg: f.kmsg, color: useColor() }, process.stdout, process.stderr);
    });
};
