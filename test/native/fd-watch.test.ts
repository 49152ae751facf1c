import { closeSync, constants, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NativeError } from '../../src/native/errors.js';
import { seekToEnd, watchReadable } from '../../src/native/fd-watch.js';

// A FIFO opened read-write (so it never reports a hang-up) stands for /dev/kmsg: readable only when
// a byte is in it. With a recheck interval the watch thread's poll times out and looks again many
// times a second; it must still call back only when there is something to read.
function fifo(): { fd: number; close(): void } {
  const path = join(tmpdir(), `oomlab-fd-watch-${process.pid}-${Date.now()}`);
  execFileSync('mkfifo', [path]);
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  unlinkSync(path);
  return { fd, close: () => closeSync(fd) };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchReadable', () => {
  it('with a recheck interval, calls back once per write and never while the descriptor is empty', async () => {
    const f = fifo();
    const buf = Buffer.alloc(64);
    let calls = 0;
    let read = '';
    let wake: () => void = () => {};
    const w = watchReadable(
      f.fd,
      () => {
        calls++;
        try {
          const n = readSync(f.fd, buf, 0, buf.length, null);
          read += buf.toString('utf8', 0, n);
        } catch (err) {
          read += `!${(err as NodeJS.ErrnoException).code}`;
        }
        wake();
      },
      0.5,
    );
    expect(w).toBeDefined();
    try {
      // ~100 rechecks with nothing to read: no call.
      await pause(50);
      expect(calls).toBe(0);
      for (const word of ['a', 'b']) {
        const called = new Promise<void>((r) => (wake = r));
        writeSync(f.fd, word);
        await called;
      }
      await pause(50);
      expect(read).toBe('ab');
      expect(calls).toBe(2);
    } finally {
      w?.stop();
      f.close();
    }
  });

  it('lets the process exit cleanly when a call was still queued as the watch stopped', () => {
    const child = fileURLToPath(new URL('../fixtures/fd-watch-exit.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [child], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/FATAL ERROR/);
    expect({ status: r.status, signal: r.signal, stdout: r.stdout }).toEqual({ status: 0, signal: null, stdout: 'stopped\n' });
  });

  it('refuses a recheck interval it cannot honour', () => {
    expect(() => watchReadable(0, () => {}, -1)).toThrow(/recheckMs must be from 0 to 60000, got -1/);
    expect(() => watchReadable(0, () => {}, Number.NaN)).toThrow(/recheckMs/);
  });
});

describe('seekToEnd', () => {
  it('moves a descriptor to its end (the next read starts after what was there), and says which call failed', () => {
    const path = join(tmpdir(), `oomlab-seek-${process.pid}-${Date.now()}`);
    const fd = openSync(path, 'w+');
    try {
      writeSync(fd, 'backlog\n', 0);
      expect(seekToEnd(fd)).toBe(8);
      writeSync(fd, 'new\n'); // at the current offset: after the backlog
      expect(seekToEnd(fd)).toBe(12);
    } finally {
      closeSync(fd);
      unlinkSync(path);
    }
    // a pipe cannot seek: a typed error naming lseek and ESPIPE, not a strerror string
    const f = fifo();
    try {
      let err: unknown;
      try {
        seekToEnd(f.fd);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NativeError);
      expect(err).toMatchObject({ syscall: 'lseek', code: 'ESPIPE' });
    } finally {
      f.close();
    }
    expect(() => seekToEnd(-1)).toThrow(RangeError);
  });
});
