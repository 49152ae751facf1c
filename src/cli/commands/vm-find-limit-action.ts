import { checkVmSearch, findLimitInVm, GUEST_PROGRESS, type VmSearchFlags } from '../../limit/vm-search.js';
import { renderSearchHtml } from '../../limit/html.js';
import { formatAnswer, searchExitCode } from '../../limit/text.js';
import { oneLine, stripControl } from '../../report/escape.js';
import type { VmRunOptions } from '../../vm/run-in-vm.js';
import { formatSize } from '../../units/size.js';
import { writeOutput } from '../output/write-output.js';

// `oomlab vm run <scenario> --find-limit ...`'s action (loaded only then): the guest's plan and tries
// are shown as they come (each console line made one printable line: the guest is not trusted), the
// answer from the guest's checked search document, then the files asked for.

// Why: one VM boot for the whole search; returns the exit code (a search's, or the VM's 3).
export async function vmFindLimitAction(scenario: string, flags: VmSearchFlags, vm: Omit<VmRunOptions, 'command' | 'env' | 'cwd'>, out: { json?: string; html?: string; kmsg?: string }): Promise<number> {
  await checkVmSearch(scenario, flags);
  process.stderr.write(`booting a ${formatSize(vm.memBytes)} VM with ${formatSize(vm.swapBytes)} of swap (cgroup ${vm.cgroup}) for a limit search...\n`);
  const run = await findLimitInVm(scenario, flags, {
    ...vm,
    onConsoleLine: (line) => {
      // A terminal's progress line is redrawn with \r: the last piece is what it shows.
      const shown = oneLine(line.split('\r').filter((p) => p.trim()).at(-1) ?? '').trim();
      if (GUEST_PROGRESS.test(shown)) process.stdout.write(`${shown}\n`);
    },
  });
  for (const line of run.vm.refused) process.stderr.write(`oomlab: not brought back from the guest: ${oneLine(line)}\n`);
  if (out.kmsg) writeOutput('--kmsg', out.kmsg, run.vm.kmsg);
  if (run.malformed !== undefined) {
    process.stderr.write(`oomlab: ${oneLine(run.malformed)}\n`);
    return run.exitCode;
  }
  if (!run.doc) {
    const tail = stripControl(run.vm.consoleLog.split('\n').slice(-15).join('\n'));
    process.stderr.write(`oomlab: the VM search produced no result (${run.vm.outcome}${run.vm.failure ? `: ${oneLine(run.vm.failure)}` : ''}, guest exit ${run.vm.exitCode ?? '?'}); the guest's last lines:\n${tail}\n`);
    return run.exitCode;
  }
  process.stdout.write(`${formatAnswer(run.doc.search)}\n`);
  process.stdout.write(`\nVM: ${run.vm.accel}, kernel ${oneLine(run.vm.kernel.version)}, booted in ${((run.vm.bootMs ?? 0) / 1000).toFixed(1)}s, ${run.doc.search.tries.length} tries in one boot\n`);
  if (out.json) writeOutput('--json', out.json, `${JSON.stringify(run.doc, null, 1)}\n`);
  if (out.html) writeOutput('--html', out.html, renderSearchHtml(run.doc));
  return searchExitCode(run.doc.search);
}
