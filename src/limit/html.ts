import { escapeHtml as h } from '../report/escape.js';
import { renderHtmlReport } from '../report/html.js';
import { formatSize } from '../units/size.js';
import type { SearchDocument } from './document.js';
import { formatAnswer } from './text.js';

// The search's page: the answer first, then the tries as a table (value, verdict, runs, why), then
// every run's own report section (the report module's), each labelled with its try. Every string is
// escaped: the reasons quote participants' names and a document may come from a VM guest.

function searchSection(doc: SearchDocument): string {
  const s = doc.search;
  const rows = s.tries.map(
    (t, i) =>
      `<tr class="try-${h(t.verdict)}"><td class="num">${i + 1}</td><td class="num">${h(formatSize(t.valueBytes))}</td><td>${h(t.verdict)}</td>` +
      `<td class="num">${h(t.runs.length)}</td><td class="wrap">${h(t.reason ?? '')}</td></tr>`,
  );
  const group = s.group === null ? 'the run\'s cgroup' : `group ${s.group}`;
  return `<section class="matrix search" id="search"><h2>Limit search</h2>
<p class="answer"><strong>${h(formatAnswer(s))}</strong></p>
<p class="caption">${h(`${s.key} limit of ${group}, ${formatSize(s.lowBytes)}..${formatSize(s.highBytes)} in steps of ${formatSize(s.stepBytes)}, ${s.repeat} run(s) per value; a value holds when every expectation passes in all its runs.`)}</p>
<table class="grid tries"><thead><tr><th class="num">try</th><th class="num">${h(s.key)} limit</th><th>verdict</th><th class="num">runs</th><th>why it failed</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

// Why: `oomlab run --find-limit --html FILE`: one self-contained page for the whole search.
export function renderSearchHtml(doc: SearchDocument): string {
  const labels: string[] = [];
  const runs = doc.search.tries.flatMap((t, i) =>
    t.runs.map((r, k) => {
      labels.push(`try ${i + 1}: ${formatSize(t.valueBytes)}${t.runs.length > 1 ? ` run ${k + 1}` : ''}`);
      return r;
    }),
  );
  return renderHtmlReport(runs, { title: `oomlab: ${doc.search.key} limit search for ${doc.scenario.name}`, prelude: searchSection(doc), labels });
}
