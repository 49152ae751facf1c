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
});
