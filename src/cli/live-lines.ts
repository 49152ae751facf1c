import type { LiveView } from '../run/live-view.js';
import { stripControl } from '../report/escape.js';
import { formatSize } from '../units/size.js';

// `oomlab run`'s live display on a terminal, redrawn in place each tick by moving the cursor up as many
// lines as were drawn. That only works while every line fits the terminal: a line wider than it wraps
// onto two rows and a block taller than it scrolls, and the cursor then lands short of the first line,
// so the display smears down the screen. Lines of 94 characters did so on an 80-column terminal, and a
// `count: 1000` participant printed 1000 lines every tick. So the lines are cut to the width, and past
// the height the participants most worth watching are shown (those OOM-killed, then the largest) with
// one line counting the rest.

/** The widest the RSS bar gets; it narrows on a narrow terminal, and is left out below 4 columns. */
const BAR_MAX = 20;
/** A line's width without its bar: name 16, state 8, three sizes with their labels. */
const FIXED = 74;

// Why: a line the terminal shows on one row (one column short of its width: some terminals wrap
// when the last column is written).
export function fitLine(text: string, columns: number | undefined): string {
  const width = (columns ?? 80) - 1;
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

// Why: the display's lines for one tick, at most `rows` - 1 of them, none wider than `columns` - 1.
export function liveLines(v: LiveView, columns = 80, rows = 24): string[] {
  const all = v.instances;
  const room = Math.max(1, rows - 2); // under the header, with the cursor's own row below the block
  const shown = all.length <= room ? all : pick(all, room - 1);
  const max = Math.max(1, ...shown.map((i) => i.vsz));
  const barWidth = Math.min(BAR_MAX, columns - 1 - FIXED);
  const bar = (n: number): string => (barWidth < 4 ? '' : `${'#'.repeat(Math.min(barWidth, Math.round((barWidth * n) / max))).padEnd(barWidth, '.')} `);
  const lines = [`${(v.elapsedMs / 1000).toFixed(1)}s  OOM kills: ${v.oomKills}`];
  for (const i of shown) {
    // Beside the state, where no cut reaches it (a cut takes the end of the line).
    const kills = i.oomKills ? ` oom-killed x${i.oomKills}` : '';
    lines.push(`${stripControl(i.name).padEnd(16)} ${i.state.padEnd(8)}${kills} rss ${bar(i.rss)}${formatSize(i.rss).padStart(10)}  vsz ${formatSize(i.vsz).padStart(10)}  swap ${formatSize(i.swap).padStart(10)}`);
  }
  if (shown.length < all.length) lines.push(rest(all, shown));
  return lines.map((l) => fitLine(l, columns));
}

type Row = LiveView['instances'][number];

// The `n` most worth watching (OOM-killed first, then by RSS), in the scenario's order.
function pick(all: readonly Row[], n: number): Row[] {
  const order = all.map((_, k) => k).sort((a, b) => Number(all[b]!.oomKills > 0) - Number(all[a]!.oomKills > 0) || all[b]!.rss - all[a]!.rss || a - b);
  return order
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((k) => all[k]!);
}

function rest(all: readonly Row[], shown: readonly Row[]): string {
  const seen = new Set(shown);
  const count = { running: 0, waiting: 0, ended: 0, killed: 0 };
  for (const i of all) {
    if (seen.has(i)) continue;
    count[i.state]++;
    if (i.oomKills) count.killed++;
  }
  const kills = count.killed ? `, ${count.killed} OOM-killed` : '';
  return `… ${all.length - shown.length} more: ${count.running} running, ${count.waiting} waiting, ${count.ended} ended${kills}`;
}
