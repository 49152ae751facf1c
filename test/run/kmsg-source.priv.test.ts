import { accessSync, constants, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openKmsg } from '../../src/evidence/kmsg-source.js';

function kmsgSkipReason(): string | undefined {
  try {
    accessSync('/dev/kmsg', constants.R_OK | constants.W_OK);
    return undefined;
  } catch {
    return 'needs read and write access to /dev/kmsg (root)';
  }
}
const skip = kmsgSkipReason();

describe.skipIf(skip)(`reading /dev/kmsg live${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('starts at the moment it is opened, then returns new records without blocking', () => {
    writeFileSync('/dev/kmsg', `oomlab-test: before ${process.pid}\n`);
    const kmsg = openKmsg();
    try {
      expect(kmsg.poll()).toEqual([]);
      writeFileSync('/dev/kmsg', `oomlab-test: after ${process.pid}\n`);
      const records = kmsg.poll();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatch(new RegExp(`^\\d+,\\d+,\\d+,[^;]*;oomlab-test: after ${process.pid}$`));
      expect(kmsg.poll()).toEqual([]);
    } finally {
      kmsg.close();
    }
    expect(kmsg.poll()).toEqual([]);
  });

  it('calls back as soon as a record is readable, without any poll by the caller (the addon\'s watch thread)', async () => {
    const kmsg = openKmsg();
    try {
      let calls = 0;
      let want = '';
      let found: () => void = () => {};
      const seen = (text: string): Promise<void> => {
        want = text;
        return new Promise<void>((r) => (found = r));
      };
      expect(
        kmsg.onReadable(() => {
          calls++;
          if (kmsg.poll().some((l) => l.endsWith(want))) found();
        }),
      ).toBe(true);
      const first = seen(`oomlab-test: watched ${process.pid}`);
      writeFileSync('/dev/kmsg', `oomlab-test: watched ${process.pid}\n`);
      await first;
      expect(calls).toBeGreaterThan(0);
      // Re-armed after each callback: a second record wakes it again.
      const before = calls;
      const second = seen(`oomlab-test: watched again ${process.pid}`);
      writeFileSync('/dev/kmsg', `oomlab-test: watched again ${process.pid}\n`);
      await second;
      expect(calls).toBeGreaterThan(before);
    } finally {
      kmsg.close();
    }
    expect(kmsg.onReadable(() => {})).toBe(false);
  });
});
