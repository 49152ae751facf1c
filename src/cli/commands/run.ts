import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { formatRunSummary } from '../../report/text.js';
import { runScenarioFile } from '../../run/run-scenario.js';
import type { LiveView } from '../../run/live-view.js';
import type { RunResult } from '../../run/result.js';
import { formatSize } from '../../units/size.js';
import type { Register } from '../run-cli.js';
import { stripControl, useColor } from '../terminal.js';

interface RunFlags {
  json?: string;
  cgroupParent?: string;
  allowUnbounded?: boolean;
  allowHostSwappiness?: boolean;
}

// Why: `oomlab run` is the scenario runner's front door: it exits 0 when every expectation holds,
// 1 when one fails, 2 for bad input and 3 when this machine cannot run the scenario.
export const registerRun: Register = (program: Command) => {
  program
    .command('run')
    .description('run scenarios (files, or names of built-in ones) in memory-limited cgroups and check their expectations')
    .argument('<scenario...>', 'scenario files (YAML or JSON) or built-in scenario names')
    .option('--json <file>', 'write the result as JSON (schema oomlab/result@1)')
    .option('--cgroup-parent <path>', 'make the run\'s cgroups under this cgroup instead of the harness\'s own')
    .option('--allow-unbounded', 'run participants that no cgroup memory limit bounds')
    .option('--allow-host-swappiness', 'on cgroup v2, let a swappiness limit change vm.swappiness for the run (restored afterwards)')
    .action(async (scenarios: string[], flags: RunFlags) => {
      const abort = new AbortController();
      // `on`, not `once`: execa's signal-exit re-raises a signal that no other listener is left to handle.
      const onSignal = (): void => abort.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const results: RunResult[] = [];
      const tty = process.stderr.isTTY;
      try {
        for (const scenario of scenarios) {
          const result = await runScenarioFile(scenario, {
            cgroupParent: flags.cgroupParent,
            allowUnbounded: flags.allowUnbounded,
            allowHostSwappiness: flags.allowHostSwappiness,
            signal: abort.signal,
            onTick: tty ? live : undefined,
          });
          if (tty) process.stderr.write('\x1b[J');
          results.push(result);
          process.stdout.write(`${formatRunSummary(result, useColor())}\n\n`);
          if (abort.signal.aborted) break;
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (flags.json) writeFileSync(flags.json, `${JSON.stringify(results.length === 1 ? results[0] : { runs: results }, null, 1)}\n`);
      process.exitCode = abort.signal.aborted ? 130 : results.every((r) => r.verdict === 'pass') ? 0 : 1;
    });
};

let drawn = 0;
// A line per participant, redrawn in place: RSS, VSZ and swap, and its state.
function live(v: LiveView): void {
  const bar = (n: number, max: number): string => '#'.repeat(Math.min(20, Math.round((20 * n) / Math.max(max, 1)))).padEnd(20, '.');
  const max = Math.max(1, ...v.instances.map((i) => i.vsz));
  const lines = v.instances.map(
    (i) => `${stripControl(i.name).padEnd(16)} ${i.state.padEnd(8)} rss ${bar(i.rss, max)} ${formatSize(i.rss).padStart(10)}  vsz ${formatSize(i.vsz).padStart(10)}  swap ${formatSize(i.swap).padStart(10)}${i.oomKills ? `  oom-killed x${i.oomKills}` : ''}`,
  );
  lines.unshift(`${(v.elapsedMs / 1000).toFixed(1)}s  OOM kills: ${v.oomKills}`);
  process.stderr.write(`${drawn ? `\x1b[${drawn}F` : ''}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
  drawn = lines.length;
}
