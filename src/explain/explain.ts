import type { OomEvent } from '../kernel-log/event.js';
import { impliedChargeKb, rankTasks } from './ranking.js';
import { formatKb, formatLimitKb, UNLIMITED_KB } from './units.js';

// `oomlab explain`: turns one parsed report into a few lines a person can act on. It says what the
// raw log leaves to arithmetic: sizes in MiB instead of pages, whether the machine or a cgroup ran
// out, which zones were under their min watermark, and how the victim compares with the others,
// including what an old `score S` implies about memory the table cannot show (swap). Pure: event
// in, lines out; the CLI strips control characters from them before printing.

const TOP = 5;

// Why: the whole explanation of one event, as lines (no trailing newlines).
export function explainEvent(event: OomEvent, index = 0, count?: number): string[] {
  if (event.repeat) return [repeated(event)];
  const lines = [heading(event, index, count)];
  const add = (line: string | undefined) => {
    if (line) lines.push(`  ${line}`);
  };
  add(who(event));
  for (const line of whatRanOut(event)) add(line);
  add(zonesUnderMin(event));
  for (const line of killed(event)) add(line);
  for (const line of why(event)) lines.push(line.startsWith('    ') ? line : `  ${line}`);
  add(aftermath(event));
  return lines;
}

// Why: all events, separated by blank lines, or one line saying there were none. A repeat (OomEvent.repeat)
// is one line and not counted: the kills are numbered as the processes that died.
export function explainEvents(events: readonly OomEvent[]): string[] {
  if (events.length === 0) return ['No OOM kill found in this log.'];
  const out: string[] = [];
  const count = events.filter((e) => !e.repeat).length;
  let index = 0;
  events.forEach((e, i) => {
    if (i > 0) out.push('');
    out.push(...explainEvent(e, index, count));
    if (!e.repeat) index++;
  });
  return out;
}

function repeated(e: OomEvent): string {
  return `The kernel names ${e.victim?.name ?? '?'} (pid ${e.victim?.pid ?? '?'}) again, as a member of its memory.oom.group: the same kill as above, not another.`;
}

function heading(e: OomEvent, index: number, count: number | undefined): string {
  const what = e.panic && !e.victim ? 'OOM panic' : 'OOM kill';
  const parts = [count === undefined ? `${what} ${index + 1}` : `${what} ${index + 1} of ${count}`];
  if (e.time?.kernelSeconds !== undefined) parts.push(`at ${e.time.kernelSeconds.toFixed(3)} s after boot`);
  if (e.time?.wall) parts.push(`(${readableWall(e.time.wall)})`);
  if (e.kernel) parts.push(`- kernel ${e.kernel}`);
  return parts.join(' ');
}

// `journalctl -o short-unix` prints seconds since the epoch: shown as the UTC time they are, too.
function readableWall(wall: string): string {
  if (!/^\d{9,11}\.\d{1,9}$/.test(wall)) return wall;
  const [whole = '', frac = ''] = wall.split('.');
  const date = new Date(Number(whole) * 1000);
  return `${date.toISOString().slice(0, 19)}.${frac}Z, ${wall} s since the epoch`;
}

function who(e: OomEvent): string | undefined {
  const t = e.trigger;
  if (!t) return undefined;
  const pid = t.pid === undefined ? '' : ` (pid ${t.pid})`;
  const how: string[] = [];
  if (t.gfpMask) how.push(`gfp_mask=${t.gfpMask}`);
  if (t.order !== undefined) how.push(`order=${t.order} (${describeOrder(t.order, e.pageSizeKb ?? 4)})`);
  const adj = t.oomScoreAdj !== undefined && t.oomScoreAdj !== 0 ? `, its oom_score_adj ${t.oomScoreAdj}` : '';
  return `Who asked: ${t.name ?? '?'}${pid} needed memory${how.length ? `: ${how.join(', ')}` : ''}${adj}.`;
}

function describeOrder(order: number, pageKb: number): string {
  const pages = 2 ** Math.min(order, 20);
  return pages === 1 ? `a single ${pageKb} KiB page` : `${pages} contiguous pages, ${formatKb(pages * pageKb)}`;
}

function whatRanOut(e: OomEvent): string[] {
  const out: string[] = [];
  const m = e.memcg;
  if (e.constraint === 'memcg' || (m?.usageKb !== undefined && e.constraint === undefined)) {
    const where = m?.path !== undefined ? `the memory cgroup ${m.path}` : 'a memory cgroup';
    let line = `What ran out: ${where}, not the whole machine`;
    if (m?.usageKb !== undefined && m.limitKb !== undefined) line += `: usage ${formatKb(m.usageKb)} of its limit ${formatLimitKb(m.limitKb)}`;
    if (m?.failcnt !== undefined) line += ` (failcnt ${m.failcnt})`;
    out.push(`${line}.`);
    const sw = m?.memsw ?? m?.swap;
    if (sw?.usageKb !== undefined && sw.limitKb !== undefined) {
      const label = m?.memsw ? 'memory+swap' : 'swap';
      out.push(sw.limitKb >= UNLIMITED_KB ? `Its ${label}: ${formatKb(sw.usageKb)} used, no limit.` : `Its ${label}: ${formatKb(sw.usageKb)} of ${formatKb(sw.limitKb)}.`);
    }
    if (m?.taskPath !== undefined && m.path !== undefined && m.taskPath !== m.path) out.push(`The victim was in ${m.taskPath}, inside it.`);
  } else if (e.constraint === 'cpuset' || e.constraint === 'mempolicy') {
    const what = e.constraint === 'cpuset' ? `its cpuset${e.cpuset ? ` ${e.cpuset}` : ''}` : 'its NUMA memory policy';
    out.push(`What ran out: the memory nodes allowed by ${what}, not the whole machine.`);
  } else if (e.constraint === 'global' || e.memInfo) {
    out.push(`What ran out: the whole machine (RAM and swap).${machineLine(e)}`);
  }
  if (e.memInfo) {
    const mi = e.memInfo;
    const page = e.pageSizeKb ?? 4;
    const parts: string[] = [];
    const anon = sum(mi.activeAnon, mi.inactiveAnon);
    const file = sum(mi.activeFile, mi.inactiveFile);
    if (anon !== undefined) parts.push(`anon ${formatKb(anon * page)}`);
    if (file !== undefined) parts.push(`file cache ${formatKb(file * page)}`);
    if (mi.free !== undefined) parts.push(`free ${formatKb(mi.free * page)}`);
    const slab = sum(mi.slabReclaimable, mi.slabUnreclaimable);
    if (slab !== undefined) parts.push(`slab ${formatKb(slab * page)}`);
    if (mi.pagetables !== undefined) parts.push(`page tables ${formatKb(mi.pagetables * page)}`);
    if (parts.length) out.push(`Memory then: ${parts.join(', ')}.`);
  }
  return out;
}

function machineLine(e: OomEvent): string {
  const mi = e.memInfo;
  if (!mi) return '';
  const parts: string[] = [];
  if (mi.ramPages !== undefined) parts.push(` RAM: ${mi.ramPages} pages = ${formatKb(mi.ramPages * (e.pageSizeKb ?? 4))}.`);
  if (mi.totalSwapKb !== undefined) {
    if (mi.totalSwapKb === 0) parts.push(' No swap.');
    else {
      const full = mi.freeSwapKb === 0 ? 'swap full' : 'swap';
      parts.push(` ${full[0]?.toUpperCase()}${full.slice(1)}: Free swap ${mi.freeSwapKb ?? '?'} kB of ${mi.totalSwapKb} kB (${formatKb(mi.totalSwapKb)}).`);
    }
  }
  return parts.join('');
}

function zonesUnderMin(e: OomEvent): string | undefined {
  const zones = e.memInfo?.zones;
  if (!zones?.length) return undefined;
  const under = zones.filter((z) => z.freeKb < z.minKb);
  if (!under.length) return `No zone was under its min watermark (${zones.map((z) => `${z.name} free ${z.freeKb} kB, min ${z.minKb} kB`).join('; ')}).`;
  return `Zones under their min watermark: ${under.map((z) => `${z.node !== undefined ? `node ${z.node} ` : ''}${z.name} free ${z.freeKb} kB < min ${z.minKb} kB`).join('; ')}.`;
}

function victimRow(e: OomEvent) {
  const pid = e.victim?.pid;
  return pid === undefined ? undefined : e.tasks?.find((t) => t.pid === pid);
}

function killed(e: OomEvent): string[] {
  const v = e.victim;
  if (!v) {
    if (e.truncated) return ['The report is cut off before its kill line: the victim is not in this text.'];
    return [];
  }
  const page = e.pageSizeKb ?? 4;
  const row = victimRow(e);
  const sizes: string[] = [];
  if (v.anonRssKb !== undefined) {
    const rss = v.anonRssKb + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0);
    sizes.push(`RSS ${formatKb(rss)} (anon ${formatKb(v.anonRssKb)}, file ${formatKb(v.fileRssKb ?? 0)}, shmem ${formatKb(v.shmemRssKb ?? 0)})`);
  } else if (row?.rss !== undefined) sizes.push(`RSS ${row.rss} pages = ${formatKb(row.rss * page)}`);
  if (row?.swapents !== undefined) sizes.push(`swap ${formatKb(row.swapents * page)}`);
  if (v.totalVmKb !== undefined) sizes.push(`virtual size ${formatKb(v.totalVmKb)}`);
  else if (row?.totalVm !== undefined) sizes.push(`total_vm ${row.totalVm} pages = ${formatKb(row.totalVm * page)}`);
  const score = v.score !== undefined ? `, score ${v.score}` : '';
  const adj = v.oomScoreAdj ?? row?.oomScoreAdj;
  const adjText = adj !== undefined && adj !== 0 ? `, oom_score_adj ${adj}` : '';
  const out = [`Killed: ${v.name ?? '?'} (pid ${v.pid ?? '?'})${score}${adjText}${sizes.length ? `; ${sizes.join(', ')}` : ''}.`];
  if (v.selected) out.push(`The kernel selected ${v.selected.name} (pid ${v.selected.pid}, score ${v.selected.score ?? '?'}) and killed its child ${v.name ?? '?'} instead.`);
  if (e.oomGroup) out.push('Killed as a member of a cgroup with memory.oom.group set: the whole group goes.');
  return out;
}

function why(e: OomEvent): string[] {
  const v = e.victim;
  const out: string[] = [];
  const page = e.pageSizeKb ?? 4;
  const implied = impliedChargeKb(e);
  const row = victimRow(e);
  const residentKb = v?.anonRssKb !== undefined ? v.anonRssKb + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0) : row?.rss !== undefined ? row.rss * page : undefined;
  if (implied && v?.score !== undefined) {
    const points = implied.adj === 0 ? `score ${v.score} of 1000` : `score ${v.score} less its oom_score_adj ${implied.adj} leaves ${v.score - implied.adj} of 1000, which`;
    let line = `Why it was chosen: ${points} is its share of ${implied.of} (${formatKb(implied.ofKb)}): about ${formatKb(implied.kb)} charged to it.`;
    if (residentKb !== undefined && implied.kb > residentKb * 1.5) {
      const elsewhere = implied.kb - residentKb;
      const swapFull = e.memInfo?.freeSwapKb === 0 && (e.memInfo.totalSwapKb ?? 0) > 0;
      line += ` Only ${formatKb(residentKb)} of that was resident, so about ${formatKb(elsewhere)} of it was in swap${swapFull ? ', and swap was full' : ''}.`;
    }
    out.push(line);
  }
  const { ranked, hasSwap } = rankTasks(e);
  if (ranked.length) {
    const basis = hasSwap ? 'RSS + swap' : 'RSS (this table has no swap column, so swapped-out memory does not show)';
    out.push(`Largest tasks by ${basis}:`);
    for (const f of ranked.slice(0, TOP)) {
      const mark = f.task.pid === v?.pid ? '  <- killed' : '';
      const detail = hasSwap ? ` (rss ${formatKb(f.rssKb)} + swap ${formatKb(f.swapKb ?? 0)})` : '';
      const adj = f.task.oomScoreAdj === -1000 ? ', oom_score_adj -1000: never killed' : '';
      out.push(`    ${f.task.name} (pid ${f.task.pid}) ${formatKb(f.totalKb)}${detail}${adj}${mark}`);
    }
    const rank = ranked.findIndex((f) => f.task.pid === v?.pid);
    if (v && rank > 0) {
      const top = ranked[0];
      const victim = ranked[rank];
      const reason = implied && residentKb !== undefined && implied.kb > residentKb * 1.5 ? 'its swapped-out memory counts too' : 'oom_score_adj and what the table does not show (page tables, swap) count too';
      if (top && victim) out.push(`${v.name} ranks #${rank + 1} here with ${formatKb(victim.totalKb)} against ${top.task.name}'s ${formatKb(top.totalKb)}: the table alone does not explain the choice; ${reason}.`);
    } else if (v && rank === 0) out.push(`${v.name} was the largest: the kernel kills the task with the highest badness (its memory, shifted by oom_score_adj).`);
  }
  return out;
}

function aftermath(e: OomEvent): string | undefined {
  const parts: string[] = [];
  if (e.reaped) {
    const r = e.reaped;
    parts.push(`oom_reaper freed its memory (left: anon ${r.anonRssKb ?? '?'} kB, file ${r.fileRssKb ?? '?'} kB, shmem ${r.shmemRssKb ?? '?'} kB).`);
  }
  if (e.panic) parts.push(`The kernel then panicked: "${e.panicMessage ?? 'Out of memory'}"${e.victim ? '' : ' - nothing was killed; the machine went down (vm.panic_on_oom)'}.`);
  return parts.length ? parts.join(' ') : undefined;
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}
