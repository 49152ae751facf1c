import type { Command } from 'commander';
import { collect } from '../options-util.js';
import type { Register } from '../run-cli.js';
import type { VmFlags } from './vm-action.js';

// Why: the article's incident was the whole machine running out; that is only safe in a throwaway VM.
export const registerVm: Register = (program: Command) => {
  const vm = program.command('vm').description('run scenarios inside a disposable qemu VM (whole-machine OOM, cgroup v2, machine settings)');
  vm.command('run')
    .description('boot a VM, run the scenario in it with oomlab, bring the results and the guest kernel log back')
    .argument('<scenario>', 'a built-in scenario name (oomlab list), or a file: a path with a / or ending in .yaml, .yml or .json')
    .option('--mem <size>', "the VM's RAM (default: the scenario's vm.mem, else 1G)")
    .option('--swap <size>', "the VM's swap: a disk's size, or zram's disksize; 0 for none (default: vm.swap, else 1G)")
    .option('--swap-kind <kind>', 'disk (a virtio disk), zram, zswap (disk swap behind zswap; needs a kernel with it) or none (default disk)')
    .option('--zram-algo <name>', 'the zram (or zswap) compressor: lzo, lzo-rle, lz4, lz4hc, zstd (what the guest kernel has)')
    .option('--sysctl <vm.NAME=VALUE>', 'set a vm.* sysctl in the guest before the scenario starts (repeatable; e.g. vm.overcommit_memory=2)', collect)
    .option('--lru-gen <on|off>', 'MGLRU on or off (where the kernel has it)')
    .option('--cpus <n>', 'virtual CPUs', '2')
    .option('--kernel <path>', 'a kernel image (default: the host\'s, else the Debian cloud kernel from scripts/fetch-vm-kernel.sh)')
    .option('--cgroup <version>', 'v1 or v2: how the guest mounts cgroups', 'v2')
    .option('--matrix <key=values>', 'one VM per value and a comparison (repeatable: the cartesian product): swapKind=disk,zram | vm.swappiness=10,100 | lruGen=on,off | zramAlgo=lz4,zstd | vmMem=1G,2G | vmSwap=0,1G | memory= | swap= | swappiness=', collect)
    .option('--allow-big-matrix', 'allow more than 16 runs')
    .option('--parallel <n>', 'with --matrix: VMs at once (each must fit the host)', '1')
    .option('--json <file>', 'write the result as JSON')
    .option('--html <file>', 'write the HTML report')
    .option('--kmsg <file>', "write the guest's kernel log")
    .option('--out <dir>', "write result.json, report.html and each participant's whole stdout and stderr (<name>.stdout, <name>.stderr, up to 8 MiB each) into this directory (made if missing)")
    .option('--timeout <duration>', 'give up (and kill the VM) after this long', '15m')
    .option('--find-limit <key[=LOW..HIGH]>', 'find the smallest memory (or swap) limit that holds, by real runs inside one VM boot (see oomlab run --find-limit)')
    .option('--group <name>', 'with --find-limit: search this group\'s limit')
    .option('--step <size>', 'with --find-limit: the resolution of the answer (default 4M)')
    .option('--repeat <n>', 'with --find-limit: runs per value (default 1)')
    .action(async (scenario: string, f: VmFlags) => (await import('./vm-action.js')).vmRunAction(scenario, f));
};
