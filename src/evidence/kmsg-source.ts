import { closeSync, constants, openSync, readSync } from 'node:fs';
import { seekToEnd, watchReadable, type ReadableWatch } from '../native/fd-watch.js';

// /dev/kmsg hands out one kernel log record per read(2), from the oldest still in the ring buffer.
// A run wants only what the kernel says from its start on, so open() seeks past the backlog (or, without
// the addon, reads it away: 6 to 16 ms on a test machine whose ring was full of reports, more on a
// host with a larger ring, all before a run can start its first participant), and poll() then
// returns whatever arrived since, without blocking. The orchestrator calls it on its sampling tick
// and, through onReadable(), the moment the kernel writes a record: a thread of the addon waits in
// poll(2) on the descriptor (native/fd-watch.c). The kernel wakes readers of
// /dev/kmsg only on its own next timer tick (4 ms at HZ=250), while a record is readable the moment
// it is stored; so the thread also looks again every RECHECK_MS (a ppoll timeout). On the test
// machine (2026-12-04, HZ=250) that took the median from the kernel's kill to the report read from
// 3.3 ms to 0.2-0.5 ms, for about 2% of a core while a run lasts (0.9% at a 2 ms recheck, 3.4% at
// 0.5 ms, 0.05% without).

const RECORD_MAX = 8192; // a record longer than the read buffer fails with EINVAL
const RECHECK_MS = 1;

/** A non-blocking reader of new kernel log records. */
export interface KmsgSource {
  /** Records that arrived since the last poll, each as `prio,seq,usec,flags;text` (continuation lines dropped). */
  poll(): string[];
  /** Calls `cb` on the JavaScript thread whenever new records can be read (it should poll()).
   *  False when the addon is not built: then only the caller's own polling reads. */
  onReadable(cb: () => void): boolean;
  close(): void;
}

// Why: the kernel's own report of an OOM kill is the best evidence; it is read live from /dev/kmsg.
export function openKmsg(path = '/dev/kmsg'): KmsgSource {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.allocUnsafe(RECORD_MAX);
  let closed = false;
  const readAll = (): string[] => {
    const records: string[] = [];
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, RECORD_MAX, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue; // records were overwritten before we read them; go on
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') break;
        throw err;
      }
      if (n <= 0) break;
      const text = buf.toString('utf8', 0, n);
      const end = text.indexOf('\n');
      records.push(end < 0 ? text : text.slice(0, end));
    }
    return records;
  };
  // A run's window starts now: past the backlog, by a seek or by reading it away.
  let seeked = false;
  try {
    seeked = seekToEnd(fd) !== undefined;
  } catch {
    // a kernel without SEEK_END on /dev/kmsg (before 3.5 it had no /dev/kmsg at all): read it away
  }
  if (!seeked) readAll();
  let watch: ReadableWatch | undefined;
  return {
    poll: () => (closed ? [] : readAll()),
    onReadable: (cb) => {
      if (closed) return false;
      watch?.stop();
      watch = watchReadable(fd, cb, RECHECK_MS);
      return watch !== undefined;
    },
    close: () => {
      watch?.stop(); // joined before the descriptor goes, so the thread never polls a closed fd
      watch = undefined;
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}
