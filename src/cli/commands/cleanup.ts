import type { Command } from 'commander';
import type { Register } from '../run-cli.js';

// Why: a harness that was SIGKILLed cannot clean up; its hogs died with it (PR_SET_PDEATHSIG), and
// this kills what escaped that (by the harness's marker, never by name) and removes the cgroups it left
// (a later `oomlab run` does the same before it starts), and puts back the host settings it had
// changed and noted (the host vm.swappiness, a temporary swapfile: src/state/host-record.ts).
export const registerCleanup: Register = (program: Command) => {
  program
    .command('cleanup')
    .description('remove cgroups and kill participants left by earlier runs whose harness is gone')
    .option('--cgroup-parent <path>', 'look under this cgroup instead of the harness\'s own')
    .action(async (flags: { cgroupParent?: string }) => {
      const [{ openCgroupRoot }, { killOrphanedParticipants }] = await Promise.all([import('../../cgroup/index.js'), import('../../participant/orphans.js')]);
      const killed = killOrphanedParticipants();
      const result = await openCgroupRoot({ parent: flags.cgroupParent }).cleanupStale();
      for (const k of killed) process.stdout.write(`killed orphaned participant ${k.pid} (${k.comm}) of harness ${k.harness.pid}, which is gone\n`);
      for (const path of result.removed) process.stdout.write(`removed ${path}\n`);
      for (const path of result.live) process.stdout.write(`kept ${path} (its harness is still running)\n`);
      for (const what of result.host.restored) process.stdout.write(`restored ${what}\n`);
      for (const f of result.failed) process.stderr.write(`oomlab: could not remove ${f.path}: ${f.error}\n`);
      for (const f of result.host.failed) process.stderr.write(`oomlab: could not restore ${f.what}: ${f.error}\n`);
      const failed = result.failed.length + result.host.failed.length;
      if (!killed.length && !result.removed.length && !result.host.restored.length && !failed) process.stdout.write('nothing to clean up\n');
      process.exitCode = failed ? 3 : 0;
    });
};
