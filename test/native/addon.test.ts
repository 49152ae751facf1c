import { describe, expect, it } from 'vitest';
import { hogInProcess } from '../../src/engine/in-process.js';
import { NativeError } from '../../src/native/errors.js';
import { normalizeHogOptions } from '../../src/engine/options.js';

describe('the addon', () => {
  it('reports an engine error as a NativeError with errno and the syscall name', async () => {
    // A configuration TypeScript would never produce (a zero block): the C core refuses it itself.
    const bad = { ...normalizeHogOptions({ count: '1' }), blockBytes: 0 };
    const err = await hogInProcess(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeError);
    expect(err).toMatchObject({ errno: 22, code: 'EINVAL', syscall: 'hog_run' });
  });

  it('runs a tiny hog in-process off the main thread, with progress, and can be stopped', async () => {
    // 4 blocks of 64 KiB, untouched, then held until aborted: a few hundred KiB at most.
    const options = normalizeHogOptions({ block: '64K', count: '4', interval: '0' });
    const abort = new AbortController();
    const phases: string[] = [];
    const done = hogInProcess(options, {
      signal: abort.signal,
      progressEveryNs: 1e6,
      onProgress: (r) => {
        phases.push(r.phase);
        if (r.phase === 'hold') abort.abort();
      },
    });
    const result = await done;
    expect(result).toMatchObject({ ev: 'done', outcome: 'completed', blocks: 4, allocatedBytes: 4 * 65536, touchedBytes: 0, failures: 0 });
    expect(phases).toContain('alloc');
    expect(phases).toContain('hold');
  });
});
