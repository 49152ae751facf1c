import { explainEvents } from '../../explain/index.js';
import { addTempSwap, type TempSwap } from '../../host/swapfile.js';
import { parseKernelLog } from '../../kernel-log/index.js';
import { formatLayoutText } from '../../layout/format.js';
import { probeExecutable } from '../../layout/probe.js';
import { buildLayoutReport } from '../../layout/report.js';
import { readMemInfo } from '../../proc/meminfo.js';
import { renderHtmlReport } from '../../report/html.js';
import { formatRunSummary } from '../../report/text.js';
import type { RunResult } from '../../result/types.js';
import { runScenarioFile } from '../../run/run-scenario.js';
import { checkOutputFiles, writeOutput } from '../output/write-output.js';
import { stripControl } from '../../report/escape.js';
import { useColor } from '../terminal.js';

// `oomlab demo`'s action, loaded only when the command runs (commands/demo.ts).

/** The article's suite, in the order the article tells it. */
const SUITE = ['virtual-only', 'touched-oom', 'contention-three'];
const TEMP_SWAP = 512 * 1024 * 1024;

// Why: the layout, then each scenario of the suite with its summary and explanation, then the report.
export async function demoAction(flags: { html: string; tempSwap: boolean }): Promise<void> {
  checkOutputFiles([['--html', flags.html]]);
  const out = process.stdout;
  out.write(`${formatLayoutText(buildLayoutReport(await probeExecutable(), 'executable'))}\n\n`);
  if (process.getuid?.() !== 0) {
    out.write('The rest of the suite makes memory cgroups and needs root: run `sudo npm start` (or `oomlab doctor` to see what works here).\n');
    return;
  }
  let swap: TempSwap | undefined;
  const results: RunResult[] = [];
  try {
    if (!(readMemInfo().swapTotal > 0) && flags.tempSwap) {
      out.write(`This machine has no swap; adding a temporary ${TEMP_SWAP >> 20} MiB swapfile for contention-three (removed at the end).\n\n`);
      swap = await addTempSwap(TEMP_SWAP);
    }
    for (const name of SUITE) {
      if (name === 'contention-three' && !(readMemInfo().swapTotal > 0)) {
        out.write('contention-three skipped: it needs swap (see --no-temp-swap)\n\n');
        continue;
      }
      const r = await runScenarioFile(name);
      results.push(r);
      out.write(`${formatRunSummary(r, useColor())}\n\n`);
      for (const e of r.oomEvents.filter((x) => x.report.length)) {
        out.write(`What the kernel's report says (oomlab explain):\n${explainEvents(parseKernelLog(e.report.join('\n'))).map(stripControl).join('\n')}\n\n`);
      }
    }
  } finally {
    await swap?.remove();
  }
  writeOutput('--html', flags.html, renderHtmlReport(results, { title: "oomlab: the article's suite" }));
  out.write(`Report: ${flags.html} (${results.length} runs; open it in a browser)\n`);
  process.exitCode = results.every((r) => r.verdict === 'pass') ? 0 : 1;
}
