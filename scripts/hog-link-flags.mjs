// Prints the extra linker flags of oomlab-hog, for binding.gyp (`<!@(node scripts/hog-link-flags.mjs)`):
// `-static -no-pie` where this toolchain can link a static executable, else nothing (a dynamic
// executable, as before). Why static: a fork-server child runs without an exec, and fork
// copies no page-table entry of a file-backed mapping, so each child faults in again every page of
// code it runs; statically linked, the C library functions the hog uses sit next to its own code, and
// a child took 28 page faults to start instead of 41 (1.3 instead of 2.1 ms of CPU on the test VM,
// bench/scale.mjs). Not a static PIE, though one starts a little faster still: the kernel puts a static
// PIE's heap below its program, and the hog's layout probe shows the article's mem_layout, whose lesson
// is text < data < heap < stack (test/layout/report.test.ts). glibc's libc.a comes with Debian's
// libc6-dev; elsewhere it may be missing (Fedora: glibc-static), hence the probe.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'oomlab-hog-link-'));
try {
  const src = join(dir, 'probe.c');
  const exe = join(dir, 'probe');
  writeFileSync(src, '#include <stdio.h>\nint main(void) { return puts("ok") < 0; }\n');
  const cc = process.env.CC || 'cc';
  const link = spawnSync(cc, ['-static', '-no-pie', src, '-o', exe], { stdio: 'ignore' });
  const run = link.status === 0 ? spawnSync(exe, { encoding: 'utf8' }) : undefined;
  if (run?.status === 0 && run.stdout === 'ok\n') process.stdout.write('-static\n-no-pie\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
