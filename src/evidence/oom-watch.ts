import { KernelLogParser } from '../kernel-log/index.js';
import type { OomEvent as KernelOomEvent } from '../kernel-log/event.js';
import { killedPidOfRecord } from '../kernel-log/killed-record.js';
import { openKmsg, type KmsgSource } from './kmsg-source.js';
import type { KmsgEvidence, RunOomEvent } from './oom-event.js';

const MAX_LINES_KEPT = 20_000;

/** A kernel OOM report seen during the run, with its raw lines. */
export interface SeenKill {
  event: KernelOomEvent;
  lines: string[];
  /** When the harness recorded it (ms since the run started). */
  atMs: number;
}

/** Live kernel-log evidence of OOM kills, or the reason there is none. */
interface OomWatch {
  readonly available: boolean;
  readonly reason?: string;
  /** New kills since the last poll; `onKilled` hears each kernel `Killed process N` record first,
   *  before the report around it is parsed. */
  poll(atMs: number, onKilled?: (pid: number) => void): SeenKill[];
  /** Calls `cb` as soon as new kernel records are readable (it should poll); false without the addon. */
  onReadable(cb: () => void): boolean;
  /** Everything seen, in order. */
  readonly kills: readonly SeenKill[];
  close(atMs: number): SeenKill[];
}

// Why: an OOM kill is confirmed by the kernel's own report for that pid; this reads /dev/kmsg from the
// run's start, feeds the parser line by line and keeps each report's raw lines as evidence. Without
// /dev/kmsg the run falls back to the cgroup counters and exit signals, and says why.
export function watchOomKills(): OomWatch {
  let kmsg: KmsgSource | undefined;
  let reason: string | undefined;
  try {
    kmsg = openKmsg();
  } catch (err) {
    reason = `cannot read /dev/kmsg (${(err as NodeJS.ErrnoException).code ?? err}): OOM kills are confirmed from the kill counters and exit signals only`;
  }
  const parser = new KernelLogParser();
  const lines: string[] = [];
  let reportStart = 0;
  const kills: SeenKill[] = [];
  const take = (events: readonly KernelOomEvent[], atMs: number): SeenKill[] => {
    const out = events.map((event) => ({ event, lines: lines.slice(reportStart), atMs }));
    if (events.length) reportStart = lines.length;
    kills.push(...out);
    return out;
  };
  const feed = (records: string[], atMs: number, onKilled?: (pid: number) => void): SeenKill[] => {
    const out: SeenKill[] = [];
    if (onKilled) {
      for (const r of records) {
        const pid = killedPidOfRecord(r);
        if (pid !== undefined) onKilled(pid);
      }
    }
    for (const r of records) {
      const text = r.slice(r.indexOf(';') + 1);
      if (/invoked oom-killer/.test(text)) reportStart = lines.length;
      lines.push(text);
      out.push(...take(parser.pushLine(r), atMs));
    }
    if (lines.length > MAX_LINES_KEPT) {
      const drop = lines.length - MAX_LINES_KEPT;
      lines.splice(0, drop);
      reportStart = Math.max(0, reportStart - drop);
    }
    return out;
  };
  return {
    available: kmsg !== undefined,
    reason,
    kills,
    poll: (atMs, onKilled) => (kmsg ? feed(kmsg.poll(), atMs, onKilled) : []),
    onReadable: (cb) => kmsg?.onReadable(cb) ?? false,
    close: (atMs) => {
      const out = kmsg ? feed(kmsg.poll(), atMs) : [];
      kmsg?.close();
      kmsg = undefined;
      return [...out, ...take(parser.flush(), atMs)];
    },
  };
}

// Why: a result says how far its kernel log can be trusted. `silent` is a /dev/kmsg that opened but
// carried no report for a kill the counters and the exit signal decided: printk's rate limit, records
// overwritten before they were read, or a /dev/kmsg that is not the kernel's (/dev/null in a container).
export function kmsgEvidence(watch: Pick<OomWatch, 'available' | 'reason'>, events: readonly RunOomEvent[]): KmsgEvidence {
  if (!watch.available) return { kmsg: 'unavailable', reason: watch.reason };
  const unreported = events.filter((e) => !e.sources.includes('kmsg')).length;
  if (unreported === 0) return { kmsg: 'read' };
  const kills = unreported === 1 ? '1 OOM kill' : `${unreported} OOM kills`;
  return {
    kmsg: 'silent',
    reason: `/dev/kmsg was read but carried no kernel report of ${kills} that the counters and exit signals show (printk rate limiting, records overwritten before they were read, or a /dev/kmsg that is not the kernel's)`,
  };
}
