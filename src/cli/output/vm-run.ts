import { makeOutputDir } from '../../participant/output-dir.js';
import { join } from 'node:path';
import { OutputError } from '../../errors/output-error.js';
import { writeOutput } from './write-output.js';
import { oneLine, stripControl } from '../../report/escape.js';
import { renderHtmlReport } from '../../report/html.js';
import { formatMachine } from '../../report/machine.js';
import { formatRunSummary } from '../../report/text.js';
import { GUEST_OUTPUT_DIR, type ScenarioVmRun } from '../../vm/run-scenario-in-vm.js';

/** Where `oomlab vm run` writes what came back. */
interface VmRunOutputs {
  json?: string;
  html?: string;
  kmsg?: string;
  /** `--out DIR`: result.json, report.html and the participants' output files the guest wrote. */
  out?: string;
  color: boolean;
}

// A participant output file as the guest's oomlab names it (`svc.stdout`, `hog-3~2.stderr`); any other
// name under out/ is the guest's invention and stays behind.
const OUTPUT_FILE = /^[a-z][a-z0-9_-]{0,47}(~\d{1,6})?\.(stdout|stderr)$/;

// Why: everything here came from the guest, which is not trusted: what the host refused is said,
// a malformed result is one line (no guest bytes), and a valid one is printed stripped and rendered
// escaped. Returns the exit code. Kept apart from the command so that it is tested without a VM.
export function writeVmRun(run: ScenarioVmRun, out: VmRunOutputs, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): number {
  for (const line of run.vm.refused) stderr.write(`oomlab: not brought back from the guest: ${oneLine(line)}\n`);
  if (out.kmsg) writeOutput('--kmsg', out.kmsg, run.vm.kmsg);
  if (run.malformed !== undefined) {
    stderr.write(`oomlab: ${oneLine(run.malformed)}\n`);
    return run.exitCode;
  }
  if (!run.result) {
    const tail = stripControl(run.vm.consoleLog.split('\n').slice(-15).join('\n'));
    stderr.write(`oomlab: the VM run produced no result (${run.vm.outcome}${run.vm.failure ? `: ${oneLine(run.vm.failure)}` : ''}); the guest's last lines:\n${tail}\n`);
    return run.exitCode;
  }
  stdout.write(`${formatRunSummary(run.result, out.color)}\n`);
  stdout.write(`\nVM: ${run.vm.accel}, kernel ${oneLine(run.vm.kernel.version)}, booted to the scenario in ${((run.vm.bootMs ?? 0) / 1000).toFixed(1)}s\n`);
  stdout.write(`${formatMachine(run.vm.machine)}\n`);
  const json = `${JSON.stringify(run.result, null, 1)}\n`;
  const html = out.html || out.out ? renderHtmlReport([run.result], { title: `oomlab vm run ${run.result.scenario.name}` }) : '';
  if (out.json) writeOutput('--json', out.json, json);
  if (out.html) writeOutput('--html', out.html, html);
  if (out.out) writeOutDir(out.out, run, json, html, stderr);
  return run.exitCode;
}

// The guest's output files are bytes to store, never to interpret: only names the guest's oomlab
// would write are written, flat into DIR, next to the host's own result.json and report.html.
function writeOutDir(dir: string, run: ScenarioVmRun, json: string, html: string, stderr: NodeJS.WritableStream): void {
  try {
    makeOutputDir(dir);
  } catch (err) {
    throw new OutputError(`--out ${dir}`, err);
  }
  writeOutput('--out', join(dir, 'result.json'), json);
  writeOutput('--out', join(dir, 'report.html'), html);
  const prefix = `${GUEST_OUTPUT_DIR}/`;
  for (const [path, data] of Object.entries(run.vm.files)) {
    if (!path.startsWith(prefix)) continue;
    const name = path.slice(prefix.length);
    // The guest's own copies of these two: the host writes its own, from the checked result.
    if (name === 'result.json' || name === 'report.html') continue;
    if (OUTPUT_FILE.test(name)) writeOutput('--out', join(dir, name), data);
    else stderr.write(`oomlab: not brought back from the guest: ${oneLine(path)}: not a participant output file\n`);
  }
}
