import { InputError, showValue } from '../../errors/input-error.js';
import { renderHtmlReport } from '../../report/html.js';
import { stripControl } from '../../report/escape.js';
import { formatComparison, formatPlan, formatReplayMatrix } from '../../replay/format.js';
import { formatMatrixTable, matrixRows } from '../../report/matrix.js';
import { parseMatrix } from './run-action.js';
import { toReplayJson } from '../../replay/json.js';
import { replayFromSource } from '../../replay/run-replay.js';
import { replayHtmlSection } from '../../replay/html-section.js';
import { checkOutputFiles, writeOutput } from '../output/write-output.js';
import { parseInteger } from '../options-util.js';
import { openLog } from './explain-io.js';

// `oomlab replay`'s action, loaded only when the command runs (commands/replay.ts).

/** `oomlab replay`'s options, as commander parses them. */
export interface ReplayFlags {
  event?: string;
  scale: string;
  top: string;
  write?: string;
  run: boolean;
  cgroup?: string;
  kernel?: string;
  json?: string;
  html?: string;
  matrix?: string;
}

// Why: every flag checked before the log is read or anything is created; then generate, run, compare.
export async function replayAction(log: string, f: ReplayFlags): Promise<void> {
  const print = (lines: string[]) => process.stdout.write(`${lines.map(stripControl).join('\n')}\n`);
  const event = f.event === undefined ? undefined : parseInteger(f.event, '--event', 1, 1_000_000_000);
  const top = parseInteger(f.top, '--top', 1, 64)!;
  if (f.cgroup !== undefined && f.cgroup !== 'v1' && f.cgroup !== 'v2') throw new InputError('--cgroup', 'v1 or v2', showValue(f.cgroup));
  if (f.write !== undefined && !/\.ya?ml$/.test(f.write)) throw new InputError('--write', 'a file name ending in .yaml or .yml', showValue(f.write));
  checkOutputFiles([['--write', f.write], ['--json', f.json], ['--html', f.html]]);
  if (!f.run && f.html) throw new InputError('--html', 'a run to report on (not with --no-run)', showValue(f.html));
  const matrix = f.matrix === undefined ? undefined : parseMatrix(f.matrix);
  if (matrix && !f.run) throw new InputError('--matrix', 'a run to compare (not with --no-run)', showValue(f.matrix));
  const source = await openLog(log, 'LOG');
  const file = log === '-' ? 'stdin' : log;
  const out = await replayFromSource(source, {
    ...(event !== undefined ? { event } : {}),
    scale: f.scale,
    top,
    ...(f.cgroup ? { cgroup: f.cgroup as 'v1' | 'v2' } : {}),
    ...(f.kernel ? { kernel: f.kernel } : {}),
    run: f.run,
    ...(matrix ? { matrix } : {}),
    source: file,
    onProgress: (line) => process.stderr.write(`${line}\n`),
    onPlan: (planned) => {
      print(formatPlan(planned, file));
      if (f.write) {
        writeOutput('--write', f.write, planned.yaml);
        process.stderr.write(`scenario written to ${stripControl(f.write)}\n`);
      }
    },
  });
  if (out.matrix) {
    const results = out.matrix.runs.map((r) => r.result);
    print(['', ...formatComparison(out), '', ...formatReplayMatrix(out, formatMatrixTable(out.matrix.key, matrixRows(results, out.matrix.values)))]);
    if (f.html) writeOutput('--html', f.html, renderHtmlReport(results, { title: `oomlab replay ${file}`, extraSection: replayHtmlSection(out), matrix: { key: out.matrix.key, values: out.matrix.values } }));
  } else if (out.replay) {
    print(['', ...formatComparison(out)]);
    if (f.html) writeOutput('--html', f.html, renderHtmlReport([out.replay.result], { title: `oomlab replay ${file}`, extraSection: replayHtmlSection(out) }));
  }
  if (f.json) writeOutput('--json', f.json, `${JSON.stringify(toReplayJson(out, file), null, 1)}\n`);
  // With --matrix the answer is the table (some values are meant not to reproduce): 0 once every value ran.
  process.exitCode = out.matrix || !out.replay ? 0 : out.replay.verdict.reproduced ? 0 : 1;
}
