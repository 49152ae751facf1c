import type { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_DIR } from '../../run/builtin-dir.js';
import type { Register } from '../run-cli.js';

// Why: the built-in scenarios are the article's experiments; `oomlab list` says which exist and what each shows.
export const registerList: Register = (program: Command) => {
  program
    .command('list')
    .description('list the built-in scenarios (run one with `oomlab run <name>`)')
    .action(async () => {
      const { loadScenario } = await import('../../scenario/index.js');
      const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort();
      const rows = await Promise.all(files.map(async (f) => loadScenario(join(SCENARIO_DIR, f))));
      const width = Math.max(...rows.map((s) => s.name.length));
      for (const s of rows) process.stdout.write(`${s.name.padEnd(width)}  ${s.description ?? ''}\n`);
    });
};
