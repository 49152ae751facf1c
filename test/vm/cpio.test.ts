import { describe, expect, it } from 'vitest';
import { writeCpio } from '../../src/vm/cpio.js';

// A reader of the newc format, enough to check what the writer produced.
function readNewc(buf: Buffer): { name: string; mode: number; data: string; rdev: [number, number] }[] {
  const out = [];
  let at = 0;
  const align = (n: number): number => (n + 3) & ~3;
  for (;;) {
    expect(buf.toString('latin1', at, at + 6)).toBe('070701');
    const field = (i: number): number => Number.parseInt(buf.toString('latin1', at + 6 + i * 8, at + 14 + i * 8), 16);
    const [mode, size, rmaj, rmin, nameSize] = [field(1), field(6), field(9), field(10), field(11)];
    const name = buf.toString('latin1', at + 110, at + 110 + nameSize - 1);
    const dataAt = align(at + 110 + nameSize);
    if (name === 'TRAILER!!!') return out;
    out.push({ name, mode, data: buf.toString('latin1', dataAt, dataAt + size), rdev: [rmaj, rmin] as [number, number] });
    at = align(dataAt + size);
  }
}

describe('writeCpio (newc)', () => {
  it('writes files, directories, symlinks and device nodes, 4-byte aligned, with a trailer', () => {
    const buf = writeCpio([
      { path: '/bin', kind: 'dir' },
      { path: 'bin/busybox', kind: 'file', data: Buffer.from('abcde'), mode: 0o755 },
      { path: 'bin/sh', kind: 'symlink', target: 'busybox' },
      { path: 'dev/console', kind: 'char', major: 5, minor: 1 },
    ]);
    expect(buf.length % 4).toBe(0);
    const entries = readNewc(buf);
    expect(entries.map((e) => e.name)).toEqual(['bin', 'bin/busybox', 'bin/sh', 'dev/console']);
    expect(entries[0]?.mode).toBe(0o040755);
    expect(entries[1]).toMatchObject({ mode: 0o100755, data: 'abcde' });
    expect(entries[2]).toMatchObject({ mode: 0o120777, data: 'busybox' });
    expect(entries[3]).toMatchObject({ mode: 0o020600, rdev: [5, 1] });
  });
});
