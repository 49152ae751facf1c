import type { Command } from 'commander';
import type { Register } from '../run-cli.js';
import type { LabFlags } from './lab-action.js';

// Why: "disk swap or zram? which swappiness? overcommit 2?" answered on the user's own scenario:
// one throwaway VM per machine, compared side by side, with a winner per question.
export const registerLab: Register = (program: Command) => {
  program
    .command('lab')
    .description('run a scenario on several VM machines (swap kinds, sysctls, MGLRU) and compare them: oomlab lab <lab.yaml>, or a built-in lab name')
    .argument('<lab>', 'a lab file (YAML: scenario, vm, compare or matrix, expect), or a built-in lab: article-swap')
    .option('--parallel <n>', 'VMs at once (each must fit the host)', '1')
    .option('--cpus <n>', 'virtual CPUs per VM', '2')
    .option('--kernel <path>', 'the guest kernel (e.g. the generic one for zswap)')
    .option('--cgroup <version>', 'v1 or v2: how the guests mount cgroups', 'v2')
    .option('--json <file>', 'write the comparison and every run as JSON (oomlab/lab@1)')
    .option('--html <file>', 'write the comparison and every run as one HTML page')
    .option('--timeout <duration>', 'per VM: give up (and kill it) after this long', '15m')
    .action(async (lab: string, f: LabFlags) => (await import('./lab-action.js')).labAction(lab, f));
};
