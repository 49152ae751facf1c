// VM boot time (issue 6): how long from starting qemu to the first command inside the guest, under
// TCG (the accelerator CI has), with the VM `oomlab vm run` uses by default (1 GiB RAM, 1 GiB swap,
// 2 CPUs, cgroup v2). Three figures per boot:
//   - boot: qemu start -> the guest's init starts the command (kernel, modules, disks, mounts, swapon);
//   - node: qemu start -> the host's node, run in the guest, has printed its first line (the earliest
//     a scenario's first step could happen);
//   - cli: then how long `node dist/cli/main.js --help` takes in the guest: loading oomlab's CLI and its
//     dependencies, which under TCG costs far more than on the host;
//   - guest uptime: the guest kernel's own clock when the command starts (no qemu/firmware time), and
//     the part of it before the kernel runs /init (the rest is /init: modules, disks, mounts, swapon).
//
//   node bench/vm-boot.mjs            (prints its section and one JSON line)
//   OOMLAB_BENCH_VM_BOOTS=5 node bench/vm-boot.mjs
//
// Needs `npx tsc -p tsconfig.build.json` (it imports dist/vm), qemu-system-x86 and a VM kernel
// (scripts/fetch-vm-kernel.sh). The root image is built (or found in .cache/vm-root) before the first
// boot and is not part of the figures.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, renderSection, summarize } from './lib.mjs';

const MiB = 2 ** 20;
const MARK = 'OOMLAB-BENCH-NODE-UP';
const CLI_MARK = 'OOMLAB-BENCH-CLI-UP';

export async function run(opts = {}) {
  const boots = Number(opts.boots ?? process.env.OOMLAB_BENCH_VM_BOOTS ?? 3);
  const title = 'VM boot (TCG)';
  const entry = join(ROOT, 'dist', 'vm', 'index.js');
  if (!existsSync(entry)) return { title, skipped: ['dist/vm is not built (npx tsc -p tsconfig.build.json)'] };
  const vm = await import(pathToFileURL(entry).href);
  try {
    vm.findVmKernel();
  } catch (err) {
    return { title, skipped: [`no VM kernel: ${err.message}`] };
  }
  vm.ensureRootImage();
  const rows = { boot: [], node: [], cli: [], uptime: [], kernel: [] };
  const failures = [];
  for (let i = 0; i < boots; i++) {
    let t0 = 0;
    let nodeUp = null;
    let cliUp = null;
    const r = await vm.runInVm({
      command: ['sh', '-c', `node -e 'console.log("${MARK}")' && node dist/cli/main.js --help >/dev/null && echo ${CLI_MARK}`],
      memBytes: 1024 * MiB, swapBytes: 1024 * MiB, cpus: 2, cgroup: 'v2', accel: 'tcg', timeoutMs: 120_000,
      onConsoleLine: (line) => {
        if (!t0 && line.includes('OOMLAB-VM-START-')) t0 = performance.now();
        if (t0 && nodeUp === null && line.includes(MARK)) nodeUp = performance.now() - t0;
        if (t0 && cliUp === null && line.includes(CLI_MARK)) cliUp = performance.now() - t0;
      },
    });
    if (r.outcome !== 'exited' || r.bootMs === null) {
      failures.push(`${r.outcome}: ${r.failure ?? ''}`);
      continue;
    }
    rows.boot.push(r.bootMs / 1000);
    if (nodeUp !== null) rows.node.push((r.bootMs + nodeUp) / 1000);
    if (cliUp !== null && nodeUp !== null) rows.cli.push((cliUp - nodeUp) / 1000);
    else failures.push('`oomlab --help` did not run in the guest (is dist/ complete?)');
    if (r.guestUptimeMs !== null) rows.uptime.push(r.guestUptimeMs / 1000);
    const init = /^\[\s*(\d+\.\d+)\] Run \/init/m.exec(r.kmsg);
    if (init) rows.kernel.push(Number(init[1]));
  }
  const section = {
    title,
    method: `${boots} boot(s) of a 1 GiB VM with 1 GiB swap, 2 vCPUs, cgroup v2, \`-accel tcg\`, Debian cloud kernel; median of each. Target (issue 6): boot to first scenario step ≤ 10 s.`,
    rows: [
      { label: 'qemu start → guest command starts', unit: 's', samples: rows.boot },
      { label: 'qemu start → node prints in the guest', unit: 's', samples: rows.node, target: { text: '≤ 10 s' } },
      { label: 'then `oomlab --help` in the guest (loading the CLI)', unit: 's', samples: rows.cli },
      { label: 'guest uptime at command start', unit: 's', samples: rows.uptime },
      { label: '… of which the kernel, until it runs /init', unit: 's', samples: rows.kernel },
    ],
    notes: failures.map((f) => `a boot failed: ${f}`),
  };
  const median = (xs) => summarize(xs).median;
  console.log(JSON.stringify({ bench: 'vm-boot', accel: 'tcg', boots, medianBootS: median(rows.boot), medianNodeS: median(rows.node), medianGuestUptimeS: median(rows.uptime), medianCliLoadS: median(rows.cli), failures: failures.length }));
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run();
  console.log(renderSection(section));
}
