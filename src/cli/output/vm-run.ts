import { writeOutput } from './write-output.js';
import { oneLine, stripControl } from '../../report/escape.js';
import { renderHtmlReport } from '../../report/html.js';
import { formatMachine } from '../../report/machine.js';
import { formatRunSummary } from '../../report/text.js';
import type { ScenarioVmRun } from '../../vm/run-scenario-in-vm.js';

/** Where `oomlab vm run` writes what came back. */
interface VmRunOutputs {
  json?: string;
  html?: string;
  kmsg?: string;
  color: boolean;
}

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
  if (out.json) writeOutput('--json', out.json, `${JSON.stringify(run.result, null, 1)}\n`);
  if (out.html) writeOutput('--html', out.html, renderHtmlReport([run.result], { title: `oomlab vm run ${run.result.scenario.name}` }));
  return run.exitCode;
}
