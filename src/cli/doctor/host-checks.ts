import { closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { openCgroupRoot, type CgroupRoot } from '../../cgroup/index.js';
import { canLowerOomScoreAdj } from '../../host/capabilities.js';
import type { DoctorCheck } from '../../host/doctor-check.js';
import { detectVm } from '../../host/host-facts.js';
import { selfTest } from '../../native/self-test.js';
import { readMemInfo } from '../../proc/meminfo.js';
import { formatSize } from '../../units/size.js';

// What `oomlab run` needs of this host. Each check is made as this user, and one this user cannot make
// (a file only root may read) says `unknown` and why, never a yes or no it did not see.

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
};

// Why: `oomlab doctor`'s host section; `cgroupOk` says whether this user can run `oomlab run` at all.
export async function hostChecks(): Promise<{ checks: DoctorCheck[]; cgroupOk: boolean }> {
  const checks: DoctorCheck[] = [];
  const add = (name: string, ok: DoctorCheck['ok'], detail: string): void => void checks.push({ name, ok, detail });
  const root = process.getuid?.() === 0;
  add('kernel', true, release());
  add('root', root, root ? 'yes' : 'no: `oomlab run` needs root or a delegated cgroup; `oomlab vm run` needs neither');
  const native = selfTest();
  add('native build', native.ok, native.detail);
  let cg: CgroupRoot | undefined;
  try {
    cg = openCgroupRoot();
    add('cgroups', true, `v${cg.version} (${cg.hierarchy.layout}), memory controller at ${cg.hierarchy.mountPoint}, this process in ${cg.hierarchy.ownPath}`);
  } catch (err) {
    add('cgroups', false, (err as Error).message);
  }
  let cgroupOk = false;
  if (cg) {
    try {
      const made = cg.createRun({ memory: 64 * 1024 * 1024 }, { runId: 'doctor' });
      const limits = made.readLimits();
      await made.destroy();
      cgroupOk = limits.memory === 64 * 1024 * 1024;
      add('create and limit a cgroup', cgroupOk, `made one under ${cg.dir}, set memory 64M, read back ${String(limits.memory)}, removed it`);
    } catch (err) {
      add('create and limit a cgroup', false, (err as Error).message);
    }
  }
  const mem = readMemInfo();
  add('swap', mem.swapTotal > 0, mem.swapTotal > 0 ? `${formatSize(mem.swapTotal)} (${formatSize(mem.swapFree)} free)` : 'none: scenarios with swap need a swapfile or partition');
  const accounting = cg ? swapAccounting(cg) : undefined;
  add('swap accounting', accounting ?? 'unknown', accounting === undefined ? 'unknown: no cgroup of this host showed its swap files' : accounting ? 'on: swap limits work' : 'off: swap limits cannot be set (v1 needs swapaccount=1 on the kernel command line)');
  for (const key of ['overcommit_memory', 'swappiness']) {
    const v = read(`/proc/sys/vm/${key}`);
    add(`vm.${key}`, v === undefined ? 'unknown' : true, v ?? `unknown: /proc/sys/vm/${key} is not readable`);
  }
  const kmsg = kmsgOpens();
  add('/dev/kmsg', kmsg === true, kmsg === true ? "readable: OOM kills are confirmed from the kernel's report too" : `not readable as this user (${kmsg}): kills are confirmed from counters and signals`);
  const lower = canLowerOomScoreAdj();
  add('oom_score_adj below 0', lower, lower ? 'allowed: participants can be protected, and the harness runs at -1000' : 'not allowed (no CAP_SYS_RESOURCE): protect services with a sub-group instead; the harness relies on never being inside a cgroup it limits');
  add('PSI', existsSync('/proc/pressure/memory'), existsSync('/proc/pressure/memory') ? '/proc/pressure/memory' : 'no /proc/pressure/memory');
  add('in an oomlab VM', detectVm(), detectVm() ? 'yes: global scenarios allowed' : 'no: `global: true` scenarios run only in `oomlab vm run`');
  const swap = accounting ? 'swap (with accounting)' : 'swap (only with accounting, which is off or unknown)';
  const features = !cgroupOk
    ? 'none as this user here: no cgroup it can make; every feature is in `oomlab vm run`'
    : cg!.version === 2
      ? `memory, ${swap}, high, oomGroup, cgroup.kill; swappiness only via the host (--allow-host-swappiness)`
      : `memory, ${swap}, swappiness, oomKillDisable; high and oomGroup need cgroup v2 (oomlab vm run --cgroup v2)`;
  add('scenario features', cgroupOk, features);
  return { checks, cgroupOk };
}

// Swap accounting shows as files, which anyone may see: v1 puts memory.memsw.* in every memory cgroup
// (the root one too), v2 memory.swap.max in every non-root one (this process's own, or init.scope).
function swapAccounting(cg: CgroupRoot): boolean | undefined {
  const mount = cg.hierarchy.mountPoint;
  if (cg.version === 1) return existsSync(join(mount, 'memory.memsw.usage_in_bytes'));
  const dirs = [join(mount, cg.hierarchy.ownPath), join(mount, 'init.scope'), join(mount, 'system.slice')].filter((d) => d !== mount && existsSync(join(d, 'memory.current')));
  return dirs.length ? existsSync(join(dirs[0]!, 'memory.swap.max')) : undefined;
}

// Opening is the test: /dev/kmsg may be mode 0644 and still refuse readers without CAP_SYSLOG.
function kmsgOpens(): true | string {
  try {
    closeSync(openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK));
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}
