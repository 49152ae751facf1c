import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, showValue } from '../../errors/input-error.js';
import { PACKAGE_ROOT } from '../../native/build-paths.js';
import { formatLabOutcome, labHtml, labJson } from '../../lab/lab-report.js';
import { loadLab } from '../../lab/lab-file.js';
import { runLab, type LabRunOptions } from '../../lab/run-lab.js';
import type { Lab } from '../../lab/lab-types.js';
import { parseDuration } from '../../units/duration.js';
import { parseInteger } from '../options-util.js';
import { checkOutputFiles, writeOutput } from '../output/write-output.js';

// `oomlab lab`'s action (and `oomlab vm run --matrix`'s), loaded only when it runs (commands/lab.ts).

/** `oomlab lab`'s options. */
export interface LabFlags {
  cpus: string;
  kernel?: string;
  cgroup: string;
  parallel: string;
  json?: string;
  html?: string;
  timeout: string;
}

// Why: `oomlab lab FILE`: the lab file checked whole before the first VM boots.
export async function labAction(file: string, f: LabFlags): Promise<void> {
  const cpus = parseInteger(f.cpus, '--cpus', 1, 64)!;
  if (f.cgroup !== 'v1' && f.cgroup !== 'v2') throw new InputError('--cgroup', 'v1 or v2', showValue(f.cgroup));
  const timeoutMs = parseDuration(f.timeout, '--timeout') / 1e6;
  const parallel = parseInteger(f.parallel, '--parallel', 1, 16)!;
  checkOutputFiles([['--json', f.json], ['--html', f.html]]);
  // A bare name is a built-in lab (labs/<name>.yaml in the package), as scenario names are.
  const path = /[/\\]|\.(ya?ml|json)$/.test(file) ? file : join(PACKAGE_ROOT, 'labs', `${file}.yaml`);
  if (path !== file && !existsSync(path)) throw new InputError('lab', `a lab file, or a built-in lab: ${builtinLabs().join(', ')}`, showValue(file));
  const lab = await loadLab(path);
  await runLabAction(lab, { cpus, cgroup: f.cgroup, timeoutMs, parallel, ...(f.kernel ? { kernel: f.kernel } : {}) }, f);
}

// Why: run a lab, print the comparison first, write the files; exit 0 when every run's guest exited 0
// and every question found a winner, 1 otherwise, 3 when a VM failed.
export async function runLabAction(lab: Lab, o: Omit<LabRunOptions, 'onProgress'>, out: { json?: string; html?: string }): Promise<void> {
  process.stderr.write(`oomlab lab: ${lab.runs.length} VMs of ${basename(lab.scenario)}, ${o.parallel} at a time\n`);
  const outcome = await runLab(lab, { ...o, onProgress: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${formatLabOutcome(outcome)}\n`);
  if (out.json) writeOutput('--json', out.json, `${JSON.stringify(labJson(outcome), null, 1)}\n`);
  if (out.html) writeOutput('--html', out.html, labHtml(outcome));
  const vmFailed = outcome.exitCodes.some((c) => c === 3);
  process.exitCode = vmFailed ? 3 : outcome.answers.some((a) => !a.winner) ? 1 : 0;
}

function builtinLabs(): string[] {
  try {
    return readdirSync(join(PACKAGE_ROOT, 'labs')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
  } catch {
    return [];
  }
}
