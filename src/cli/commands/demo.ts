import type { Command } from 'commander';
import { normalizeHogOptions } from '../../hog/options.js';
import { runHogExecutable } from '../../hog/run-executable.js';
import { formatLayoutText } from '../../layout/format.js';
import { probeExecutable } from '../../layout/probe.js';
import { buildLayoutReport } from '../../layout/report.js';
import { formatSize } from '../../units/size.js';
import type { Register } from '../run-cli.js';

// Why: `npm start` must show a newcomer the article's two first findings in a few seconds and
// without privileges: the layout, and that malloc without touching costs address space, not RAM.
export const registerDemo: Register = (program: Command) => {
  program
    .command('demo')
    .description("the article's first experiments: the memory layout, then untouched vs touched malloc loops (256 MiB each)")
    .action(async () => {
      const out = process.stdout;
      out.write(`${formatLayoutText(buildLayoutReport(await probeExecutable(), 'executable'))}\n\n`);
      out.write("Demand paging (the article's test_mem vs test_mem2): 256 blocks of 1 MiB each\n");
      for (const touch of ['none', 'memset'] as const) {
        const r = await runHogExecutable(normalizeHogOptions({ total: '256M', touch, interval: '0', hold: '200ms' }), { oomScoreAdj: 0 });
        const name = touch === 'none' ? 'untouched (test_mem) ' : 'touched   (test_mem2)';
        out.write(`  ${name}  VSZ +${formatSize(r.peakVszBytes - r.startVszBytes).padStart(10)}   RSS +${formatSize(r.peakRssBytes - r.startRssBytes).padStart(10)}   ${r.outcome}\n`);
      }
      out.write('\nUntouched blocks are address space only: the kernel gives a page of RAM on the first write to it.\n');
    });
};
