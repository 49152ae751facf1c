import { optionalAddonFunction } from './loader.js';
import { toNativeError } from './errors.js';

// The addon's FdWatch (native/fd-watch.c): a thread blocked in poll(2) on one descriptor that calls
// back on the JavaScript thread as soon as the descriptor is readable. The callback reads it
// (non-blocking) and the watch re-arms afterwards, so the thread never spins on unread data.
// `recheckMs` makes the thread look at the descriptor again every so often without a wake-up: for
// /dev/kmsg, whose readers the kernel wakes only on its next timer tick (see native/fd-watch.c).

interface NativeFdWatch {
  rearm(): void;
  stop(): void;
}
type FdWatchClass = new (fd: number, onReadable: () => void, recheckUs: number) => NativeFdWatch;

/** A running watch; stop() joins its thread. */
export interface ReadableWatch {
  stop(): void;
}

// Why: a kernel OOM report is read the moment /dev/kmsg has it, not on the next timer tick; without
// the addon (an unbuilt tree) it returns undefined and the caller keeps polling on its ticks.
export function watchReadable(fd: number, onReadable: () => void, recheckMs = 0): ReadableWatch | undefined {
  if (!Number.isInteger(fd) || fd < 0) throw new RangeError(`watchReadable: fd must be a descriptor number, got ${fd}`);
  if (!Number.isFinite(recheckMs) || recheckMs < 0 || recheckMs > 60_000) throw new RangeError(`watchReadable: recheckMs must be from 0 to 60000, got ${recheckMs}`);
  const recheckUs = Math.round(recheckMs * 1000);
  const FdWatch = optionalAddonFunction<FdWatchClass>('FdWatch');
  if (!FdWatch) return undefined;
  let stopped = false;
  let w: NativeFdWatch | undefined;
  try {
    w = new FdWatch(fd, () => {
      if (stopped) return;
      try {
        onReadable();
      } finally {
        if (!stopped) w?.rearm();
      }
    }, recheckUs);
  } catch (err) {
    throw toNativeError(err);
  }
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      w?.stop();
    },
  };
}

// Why: a reader of /dev/kmsg starts at the records to come without reading the ring's backlog, one
// record a read (thousands on a host whose ring is full; node has no lseek). The new offset, or
// undefined without the addon (an unbuilt tree, an older build): the caller then reads the backlog.
export function seekToEnd(fd: number): number | undefined {
  if (!Number.isInteger(fd) || fd < 0) throw new RangeError(`seekToEnd: fd must be a descriptor number, got ${fd}`);
  const seekEnd = optionalAddonFunction<(fd: number) => number>('seekEnd');
  if (!seekEnd) return undefined;
  try {
    return seekEnd(fd);
  } catch (err) {
    throw toNativeError(err);
  }
}
