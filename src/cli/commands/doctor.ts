import type { Command } from 'commander';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import type { CgroupRoot } from '../../cgroup/index.js';
import { formatSize } from '../../units/size.js';
import type { Register } from '../run-cli.js';

type Check = { name: string; ok: boolean; detail: string };

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '?';
  }
};

// Why: before a first run, one command says what this machine can and cannot do, and why.
export const registerDoctor: Register = (program: Command) => {
  program
    .command('doctor')
    .description('check what this machine supports: cgroups, swap, /dev/kmsg, PSI, the native build')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { json?: boolean }) => {
      // Loaded on use, as every command's heavy part is (see run.ts).
      const [{ openCgroupRoot }, { selfTest }, { readMemInfo }, { canLowerOomScoreAdj }, { detectVm }] = await Promise.all([
        import('../../cgroup/index.js'),
        import('../../native/self-test.js'),
        import('../../proc/meminfo.js'),
        import('../../host/capabilities.js'),
        import('../../host/host-facts.js'),
      ]);
      const checks: Check[] = [];
      const add = (name: string, ok: boolean, detail: string): void => void checks.push({ name, ok, detail });
      add('kernel', true, release());
      add('root', process.getuid?.() === 0, process.getuid?.() === 0 ? 'yes' : 'no: cgroup features need root or a delegated cgroup');
      const native = selfTest();
      add('native build', native.ok, native.detail);
      let root: CgroupRoot | undefined;
      try {
        root = openCgroupRoot();
        add('cgroups', true, `v${root.version} (${root.hierarchy.layout}), memory controller at ${root.hierarchy.mountPoint}, this process in ${root.hierarchy.ownPath}`);
      } catch (err) {
        add('cgroups', false, (err as Error).message);
      }
      let swapAccounting = false;
      if (root) {
        try {
          const cg = root.createRun({ memory: 64 * 1024 * 1024 }, { runId: 'doctor' });
          const limits = cg.readLimits();
          swapAccounting = root.version === 2 ? existsSync(`${cg.path}/memory.swap.max`) : existsSync(`${cg.path}/memory.memsw.limit_in_bytes`);
          await cg.destroy();
          add('create and limit a cgroup', limits.memory === 64 * 1024 * 1024, `made one under ${root.dir}, set memory 64M, read back ${String(limits.memory)}, removed it`);
        } catch (err) {
          add('create and limit a cgroup', false, (err as Error).message);
        }
      }
      const mem = readMemInfo();
      add('swap', mem.swapTotal > 0, mem.swapTotal > 0 ? `${formatSize(mem.swapTotal)} (${formatSize(mem.swapFree)} free)` : 'none: scenarios with swap need a swapfile or partition');
      add('swap accounting', swapAccounting, swapAccounting ? 'on: swap limits work' : 'off: swap limits cannot be set (v1 needs swapaccount=1 on the kernel command line)');
      add('vm.overcommit_memory', true, read('/proc/sys/vm/overcommit_memory'));
      add('vm.swappiness', true, read('/proc/sys/vm/swappiness'));
      let kmsg = false;
      try {
        accessSync('/dev/kmsg', constants.R_OK);
        kmsg = true;
      } catch {
        // reported below
      }
      add('/dev/kmsg', kmsg, kmsg ? 'readable: OOM kills are confirmed from the kernel\'s report' : 'not readable: kills are confirmed from counters and signals only');
      const lower = canLowerOomScoreAdj();
      add('oom_score_adj below 0', lower, lower ? 'allowed: participants can be protected, and the harness runs at -1000' : 'not allowed (no CAP_SYS_RESOURCE): protect services with a sub-group instead; the harness relies on never being inside a cgroup it limits');
      add('PSI', existsSync('/proc/pressure/memory'), existsSync('/proc/pressure/memory') ? '/proc/pressure/memory' : 'no /proc/pressure/memory');
      add('in an oomlab VM', detectVm(), detectVm() ? 'yes: global scenarios allowed' : 'no: `global: true` scenarios run only in `oomlab vm run`');
      const features = root
        ? root.version === 2
          ? 'memory, swap (with accounting), high, oomGroup, cgroup.kill; swappiness only via the host (--allow-host-swappiness)'
          : 'memory, swap (with accounting), swappiness, oomKillDisable; high and oomGroup need cgroup v2 (oomlab vm run --cgroup v2)'
        : 'none without cgroups';
      add('scenario features', Boolean(root), features);
      if (flags.json) process.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
      else for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'no  '} ${c.name.padEnd(26)} ${c.detail}\n`);
      const essential = ['native build', 'cgroups', 'create and limit a cgroup'];
      process.exitCode = checks.filter((c) => essential.includes(c.name)).every((c) => c.ok) ? 0 : 3;
    });
};
