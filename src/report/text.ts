import { mapStrings, oneLine } from './escape.js';
import type { RunResult } from '../result/types.js';
import { probeLines, psiLines } from './probe-lines.js';
import { formatSize } from '../units/size.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => pad(cell, widths[c]!)).join('  ').trimEnd());
}

// Why: the end of `oomlab run` on a terminal: who ended how, the peaks, the kills, the checks.
// Every string of the result is stripped of control characters and line breaks first (a result may
// come from a VM guest, and a process names itself), so no field can reach the terminal raw.
export function formatRunSummary(result: RunResult, color = false): string {
  const r = mapStrings({ ...result, series: { participants: {}, cgroups: {} } }, oneLine);
  const paint = (code: number, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines = [`${r.scenario.name}: ${(r.durationMs / 1000).toFixed(2)}s on ${r.host.kernel}, cgroup ${r.host.cgroupVersion}`, ''];
  lines.push(
    ...table([
      ['participant', 'outcome', 'peak RSS', 'peak VSZ', 'peak swap', 'major faults', 'restarts'],
      ...r.participants.map((p) => [
        p.name,
        `${p.outcome}${p.runtime ? ` (${p.runtime})` : p.signal ? ` (${p.signal})` : p.outcome === 'exited' ? ` (${p.exitCode})` : ''}`,
        formatSize(p.peakRssBytes),
        formatSize(p.peakVszBytes),
        formatSize(p.peakSwapBytes),
        String(p.majorFaults),
        String(p.restarts),
      ]),
    ]),
  );
  if (r.cgroups.length) {
    lines.push('');
    for (const c of r.cgroups) {
      const limit = typeof c.limits.memoryBytes === 'number' ? ` of ${formatSize(c.limits.memoryBytes)}` : '';
      lines.push(`cgroup ${c.name}: peak ${c.peakBytes !== undefined ? formatSize(c.peakBytes) : '?'}${limit}, oom_kill ${c.events.oomKill ?? 0}`);
    }
  }
  const probes = [...probeLines(r.participants), ...psiLines(r.psi)];
  if (probes.length) lines.push('', ...probes);
  lines.push('');
  if (r.oomEvents.length === 0) lines.push('no OOM kill');
  for (const e of r.oomEvents) {
    const who = e.participant ? e.participant : 'not a participant';
    const size = e.anonRssKb !== undefined ? `, anon-rss ${formatSize(e.anonRssKb * 1024)}` : '';
    lines.push(`OOM kill at ${(e.atMs / 1000).toFixed(2)}s: pid ${e.victimPid} (${e.victimName}) of ${who}${size} [${e.sources.join(', ')}]`);
  }
  for (const p of r.participants) if (p.runtime) lines.push(`runtime OOM: ${p.name}'s ${p.runtime} heap ran out: ${p.runtimeEvidence ?? '?'}`);
  if (r.evidence.kmsg !== 'read') lines.push(`note: ${r.evidence.reason}`);
  if (r.assertions.length) lines.push('');
  for (const a of r.assertions) {
    const mark = a.passed ? paint(32, 'pass') : paint(31, 'FAIL');
    lines.push(`${mark}  ${a.description}${a.passed ? '' : `: expected ${a.expected}, got ${a.actual}`}`);
  }
  lines.push(...outputOfFailing(r));
  lines.push('', `verdict: ${r.verdict === 'pass' ? paint(32, 'pass') : paint(31, 'fail')}`);
  return lines.join('\n');
}

// The kept output of each participant whose outcome was not what the scenario expected (its stdout
// and stderr tails, already one line each: mapStrings/oneLine took control characters out).
function outputOfFailing(r: RunResult): string[] {
  const names = new Set(r.assertions.flatMap((a) => (a.passed ? [] : (a.failing ?? []))));
  const out: string[] = [];
  for (const p of r.participants.filter((q) => names.has(q.name))) {
    for (const [stream, tail] of [['stdout', p.stdoutTail], ['stderr', p.stderrTail]] as const) {
      if (!tail) continue;
      const cut = p.outputCut?.[stream] ? ', more than 8 MiB in all' : '';
      out.push('', tail.length ? `${p.name} ${stream} (last ${tail.length} line${tail.length === 1 ? '' : 's'}${cut}):` : `${p.name} ${stream}: nothing`);
      out.push(...tail.map((l) => `  | ${l}`));
    }
  }
  return out;
}
