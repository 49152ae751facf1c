import { InputError } from '../errors/input-error.js';
import type { OomEvent } from '../kernel-log/event.js';
import { parseKernelLogStream } from '../kernel-log/stream.js';

// Which OOM event of a log is replayed. The log may be any size and hostile, so it is streamed through
// the kernel-log parser and only the chosen event is kept (with a count of the others); the default
// is the first event that has a task table, since a replay is made of that table.

/** The event taken, its 1-based number, and how many the log held. */
export interface PickedEvent {
  event: OomEvent;
  number: number;
  count: number;
  /** Why this one, when it was not asked for ("the first with a task table"). */
  why?: string;
}

// Why: one pass over the log, bounded memory, and one line naming what is missing when nothing fits.
export async function pickEvent(source: AsyncIterable<string | Uint8Array>, wanted?: number): Promise<PickedEvent> {
  let count = 0;
  let picked: PickedEvent | undefined;
  let firstWithout: { number: number; event: OomEvent } | undefined;
  for await (const event of parseKernelLogStream(source)) {
    if (event.repeat) continue; // numbered as `oomlab explain` numbers kills: a repeat is no new one
    count++;
    if (wanted !== undefined) {
      if (count === wanted) picked = { event, number: count, count: 0 };
    } else if (!picked) {
      if (event.tasks?.length) picked = { event, number: count, count: 0, ...(count > 1 ? { why: `the first with a task table; events 1-${count - 1} have none` } : {}) };
      else firstWithout ??= { number: count, event };
    }
  }
  if (count === 0) throw new InputError('log', 'a kernel log with an OOM report in it (`invoked oom-killer`, `Out of memory`, `Killed process`)', 'none found');
  if (wanted !== undefined && !picked) throw new InputError('--event', `an event number from 1 to ${count} (this log has ${count} OOM event${count === 1 ? '' : 's'})`, String(wanted));
  if (!picked) throw new InputError('log', `an OOM report with its task table (the \`[ pid ]   uid  tgid total_vm      rss ...\` header and rows): a grep-filtered log drops it`, `event ${firstWithout!.number} of ${count} without one${count > 1 ? ' (and no other event has one)' : ''}`);
  if (!picked.event.tasks?.length) throw new InputError('--event', `an event with its task table (the \`[ pid ]   uid  tgid total_vm      rss ...\` lines); event ${wanted} has none (a grep-filtered or cut-off report)`, String(wanted));
  return { ...picked, count };
}
