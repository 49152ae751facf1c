import { oneLine } from '../report/escape.js';
import { formatSize } from '../units/size.js';
import type { SearchBounds } from './bounds.js';
import type { LimitSearch, SearchDocument, SearchTry } from './document.js';

// The search's lines on a terminal: the plan first, a line per try as it is decided, the answer last.
// Every string that came from a run (a reason quotes a participant's name) is made one printable line.

const seconds = (t: SearchTry): string => `${(t.runs.reduce((s, r) => s + r.durationMs, 0) / 1000).toFixed(1)}s`;
const where = (group: string | null, scenario: string): string => (group === null ? `${scenario}'s cgroup` : `group ${group} of ${scenario}`);

// Why: a long search is announced with its bounds, so the user knows how long it may take.
export function formatPlan(b: SearchBounds, scenario: string): string {
  const each = b.repeat === 1 ? 'one run per value' : `${b.repeat} runs per value (a value holds when all pass)`;
  return `searching the smallest ${b.key} limit of ${oneLine(where(b.group, scenario))} that holds: ${formatSize(b.lowBytes)}..${formatSize(b.highBytes)} in steps of ${formatSize(b.stepBytes)}, ${each}, at most ${b.maxTries} tries`;
}

// Why: each try is printed as soon as it is decided.
export function formatTry(t: SearchTry, index: number, maxTries: number): string {
  const runs = `${t.runs.length} run${t.runs.length === 1 ? '' : 's'}, ${seconds(t)}`;
  const what = t.verdict === 'holds' ? 'holds' : t.verdict === 'fails' ? `fails: ${oneLine(t.reason ?? '')}` : 'stopped (decides nothing)';
  return `try ${index + 1}/${maxTries}: ${formatSize(t.valueBytes).padStart(10)} ${what} (${runs})`;
}

// Why: the answer in one line: the value, and the failure one step below that bounds it.
export function formatAnswer(s: LimitSearch): string {
  const fails = s.tries.filter((t) => t.verdict === 'fails');
  const holds = s.tries.filter((t) => t.verdict === 'holds');
  switch (s.status) {
    case 'found': {
      const below = fails.filter((t) => t.valueBytes < s.answerBytes!).sort((a, b) => b.valueBytes - a.valueBytes)[0];
      return `smallest ${s.key} limit that holds: ${formatSize(s.answerBytes!)}${below ? ` (${formatSize(below.valueBytes)} failed: ${oneLine(below.reason ?? '')})` : ''}`;
    }
    case 'at-most-low':
      return `smallest ${s.key} limit that holds: <= ${formatSize(s.lowBytes)} (LOW itself holds; give a lower LOW to look further)`;
    case 'high-fails':
      return `no ${s.key} limit up to ${formatSize(s.highBytes)} holds: even HIGH failed (${oneLine(fails[0]?.reason ?? '')})`;
    case 'stopped': {
      const best = holds.map((t) => t.valueBytes).sort((a, b) => a - b)[0];
      const worst = fails.map((t) => t.valueBytes).sort((a, b) => b - a)[0];
      const known = [best !== undefined ? `${formatSize(best)} held` : '', worst !== undefined ? `${formatSize(worst)} failed` : ''].filter(Boolean).join(', ');
      return `search stopped after ${s.tries.length} tr${s.tries.length === 1 ? 'y' : 'ies'}${known ? `: ${known}` : ''}; no answer`;
    }
  }
}

// Why: the whole search again (for a VM run, whose tries were printed by the guest, and for --json readers).
export function formatSearch(doc: SearchDocument): string {
  const s = doc.search;
  return [...s.tries.map((t, i) => formatTry(t, i, s.maxTries)), formatAnswer(s)].join('\n');
}

// Why: the exit code of a search: 0 with an answer, 1 when even HIGH fails, 130 when stopped.
export function searchExitCode(s: LimitSearch): number {
  return s.status === 'stopped' ? 130 : s.status === 'high-fails' ? 1 : 0;
}
