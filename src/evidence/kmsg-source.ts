import { closeSync, constants, openSync, readSync } from 'node:fs';

// /dev/kmsg hands out one kernel log record per read(2), from the oldest still in the ring buffer.
// A run wants only what the kernel says from its start on, so open() drains the backlog first, and
// poll() then returns whatever arrived since, without blocking: the orchestrator calls it on its
// sampling tick, so no thread sits in a blocking read and a kill is seen within one tick.

const RECORD_MAX = 8192; // a record longer than the read buffer fails with EINVAL

/** A non-blocking reader of new kernel log records. */
export interface KmsgSource {
  /** Records that arrived since the last poll, each as `prio,seq,usec,flags;text` (continuation lines dropped). */
  poll(): string[];
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
  readAll(); // drain the backlog: a run's window starts now
  return {
    poll: () => (closed ? [] : readAll()),
    close: () => {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}
