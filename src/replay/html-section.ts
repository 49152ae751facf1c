import { escapeHtml as h } from '../report/escape.js';
import { formatKb } from '../explain/units.js';
import type { RankRow } from './ranking.js';
import type { ReplayOutcome } from './run-replay.js';
import { fmt } from './scale.js';

// `--html`: the replay's section of the usual report: the verdict, the scale, and the two rankings
// side by side. Every value is escaped here (names come from the log and from the guest).

// Why: the report page shows the run; this says what it was a replay of and whether it matched.
export function replayHtmlSection(o: ReplayOutcome): string {
  const r = o.replay;
  const rows = (list: RankRow[], replay: boolean) =>
    list
      .slice(0, 12)
      .map((x, i) => `<tr${x.killed ? ' class="killed"' : ''}><td>${h(i + 1)}</td><td>${h(replay && x.participant ? x.participant : x.name)}</td><td>${h(x.pid)}</td><td>${h(formatKb(x.rssKb))}</td><td>${h(formatKb(x.swapKb))}${x.estimated ? ' (estimated)' : ''}</td><td>${x.killed ? 'killed' : ''}</td></tr>`)
      .join('');
  const table = (caption: string, list: RankRow[], replay: boolean) =>
    `<table class="replay-ranking"><caption>${h(caption)}</caption><thead><tr><th>#</th><th>${replay ? 'participant' : 'task'}</th><th>pid</th><th>rss</th><th>swap</th><th></th></tr></thead><tbody>${rows(list, replay)}</tbody></table>`;
  return `<section class="replay" id="replay">
<h2>Replay of OOM event ${h(o.picked.number)} (${h(o.plan.constraint)}${o.picked.event.kernel ? `, kernel ${h(o.picked.event.kernel)}` : ''})</h2>
<p class="verdict">${h(r?.verdict.line ?? 'not run')}</p>
<p>Scale ${h(fmt(o.plan.scale))}${o.plan.vm ? `, a ${h(o.plan.vm.memBytes / 2 ** 20)} MiB VM with ${h(o.plan.vm.swapBytes / 2 ** 20)} MiB of swap` : ', a cgroup on the host'}.</p>
<div class="replay-rankings">${table('The report, by rss + swap', o.original, false)}${table("The replay's kernel report", r?.rows ?? [], true)}</div>
</section>`;
}
