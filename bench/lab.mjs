// The built-in settings lab (issue 13, acceptance 4): `oomlab lab article-swap`, four VMs (disk swap,
// zram, no swap, overcommit 2; 512 MiB RAM, 256 MiB swap each) one after the other, under TCG. The row
// is the wall time of the whole lab, target under 3 minutes; per VM, its qemu time. Noisy: the VMs
// share the host's cores with whatever else runs (on the 2-core test machine, other helpers' VMs).
//
//   node bench/lab.mjs        (prints its section and one JSON line)
//
// Needs the build (npm run build), qemu-system-x86 and a VM kernel (scripts/fetch-vm-kernel.sh).
import { existsSync } from 'node:fs';
import { loadavg as osLoadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, renderSection } from './lib.mjs';

export async function run(opts = {}) {
  const title = 'Settings lab (TCG)';
  const built = (file) => join(ROOT, 'dist', file);
  if (!existsSync(built('lab/run-lab.js'))) return { title, skipped: ['dist/lab is not built (npm run build)'] };
  const load = (file) => import(pathToFileURL(built(file)).href);
  const [{ findVmKernel }, { loadLab }, { runLab }] = await Promise.all([load('vm/kernel.js'), load('lab/lab-file.js'), load('lab/run-lab.js')]);
  try {
    findVmKernel();
  } catch (err) {
    return { title, skipped: [`no VM kernel: ${err.message}`] };
  }
  const lab = await loadLab(join(ROOT, 'labs', 'article-swap.yaml'));
  const parallel = Number(opts.parallel ?? process.env.OOMLAB_BENCH_LAB_PARALLEL ?? 1);
  const vmSeconds = [];
  const loadavg = () => osLoadavg().map((x) => x.toFixed(2)).join(' ');
  const load0 = loadavg();
  const o = await runLab(lab, { cpus: 2, cgroup: 'v2', timeoutMs: 600_000, parallel, onProgress: (line) => process.stderr.write(`${line}\n`) });
  for (const line of o.rows) vmSeconds.push(line.runtimeMs === null ? NaN : line.runtimeMs / 1000);
  const section = {
    title,
    method: `\`oomlab lab article-swap\` (labs/article-swap.yaml): 4 VMs of 512 MiB RAM with 256 MiB swap (disk, zram, none, none + vm.overcommit_memory=2), ${parallel} at a time, \`-accel tcg\`, Debian cloud kernel. One run; load average at the start ${load0}, at the end ${loadavg()} (on 2 cores, above 2 means other work shared them and inflated the figures). Target (issue 13): the whole lab under 3 minutes.`,
    rows: [
      { label: 'the whole lab (4 VMs), wall time', unit: 's', samples: [o.wallMs / 1000], target: { op: '<', value: 180 } },
      { label: 'scenario runtime in the guest, per VM', unit: 's', samples: vmSeconds },
    ],
    notes: o.rows.filter((r) => r.runtimeMs === null).map((r) => `${r.label}: no result (${r.vm}${r.failure ? `: ${r.failure}` : ''})`),
  };
  console.log(JSON.stringify({ bench: 'lab', lab: lab.name, parallel, wallS: o.wallMs / 1000, rows: o.rows.map((r) => ({ label: r.label, runtimeS: r.runtimeMs === null ? null : r.runtimeMs / 1000 })) }));
  return section;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run();
  console.log(renderSection(section));
}
