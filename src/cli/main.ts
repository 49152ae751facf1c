#!/usr/bin/env node
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerCleanup } from './commands/cleanup.js';
import { registerDemo } from './commands/demo.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExplain } from './commands/explain.js';
import { registerHog } from './commands/hog.js';
import { registerLayout } from './commands/layout.js';
import { registerList } from './commands/list.js';
import { registerMerge } from './commands/merge.js';
import { registerReplay } from './commands/replay.js';
import { registerRun } from './commands/run.js';
import { registerVm } from './commands/vm.js';
import { registerLab } from './commands/lab.js';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { runCli, type Register } from './run-cli.js';

// The `oomlab` command: each subcommand lives in commands/<name>.ts and registers itself here.
const registers: Register[] = [registerDemo, registerLayout, registerHog, registerList, registerRun, registerReplay, registerExplain, registerDoctor, registerCleanup, registerVm, registerLab, registerMerge];

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
const program = new Command('oomlab')
  .description('Linux memory-stress and OOM-scenario harness')
  .version(pkg.version, '-V, --version')
  .showSuggestionAfterError(true);
for (const register of registers) register(program);

// No top-level await: the CLI is bundled as CommonJS (scripts/bundle-cli.mjs), which has none.
void runCli(program, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
