import type { Command } from 'commander';
import type { DoctorCheck } from '../../host/doctor-check.js';
import type { Register } from '../run-cli.js';

const MARK = { true: 'ok  ', false: 'no  ', unknown: '?   ' } as const;

// Why: before a first run, one command says what this machine can and cannot do, and why: `oomlab run`
// here (cgroups), and `oomlab vm run` (qemu, a kernel), which needs no root.
export const registerDoctor: Register = (program: Command) => {
  program
    .command('doctor')
    .description('check what this machine supports: cgroups, swap, /dev/kmsg, PSI, the native build, and VMs')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { json?: boolean }) => {
      // Loaded on use, as every command's heavy part is (see run.ts).
      const [{ hostChecks }, { vmChecks }] = await Promise.all([import('../doctor/host-checks.js'), import('../../vm/doctor-checks.js')]);
      const host = await hostChecks();
      const vm = await vmChecks();
      const checks: DoctorCheck[] = [...host.checks, ...vm];
      const vmOk = vm.every((c) => c.ok === true);
      const native = checks.find((c) => c.name === 'native build')!.ok === true;
      const summary = host.cgroupOk && native
        ? 'oomlab run works here' + (vmOk ? '; so does oomlab vm run' : '')
        : vmOk && native
          ? 'oomlab run cannot make cgroups here as this user; oomlab vm run <scenario> can (no root needed)'
          : 'neither oomlab run nor oomlab vm run can work here yet: see the lines marked no';
      if (flags.json) process.stdout.write(`${JSON.stringify({ checks, summary }, null, 2)}\n`);
      else {
        for (const c of checks) process.stdout.write(`${MARK[String(c.ok) as keyof typeof MARK]} ${c.name.padEnd(26)} ${c.detail}\n`);
        process.stdout.write(`\n${summary}\n`);
      }
      process.exitCode = host.cgroupOk && native ? 0 : 3;
    });
};
