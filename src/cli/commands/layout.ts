import type { Command } from 'commander';
import type { Register } from '../run-cli.js';

// Why: `oomlab layout` is the article's mem_layout.c, with each address placed in its maps region.
export const registerLayout: Register = (program: Command) => {
  program
    .command('layout')
    .description("print the memory layout probe (the article's mem_layout.c) beside /proc/self/maps")
    .option('--in-process', 'probe this Node process (the addon) instead of the small oomlab-hog program')
    .option('--json', 'print the probe as JSON')
    .action(async (flags: { inProcess?: boolean; json?: boolean }) => {
      const [{ formatLayoutText, layoutToJson }, { probeExecutable, probeInProcess }, { buildLayoutReport }] = await Promise.all([
        import('../../layout/format.js'),
        import('../../layout/probe.js'),
        import('../../layout/report.js'),
      ]);
      const report = flags.inProcess ? buildLayoutReport(probeInProcess(), 'in-process') : buildLayoutReport(await probeExecutable(), 'executable');
      process.stdout.write(flags.json ? `${JSON.stringify(layoutToJson(report), null, 2)}\n` : `${formatLayoutText(report)}\n`);
    });
};
