// startQemu's console plumbing (src/vm/qemu-process.ts) against a stand-in "qemu" on PATH: a shell
// script printing what a hostile guest might, so no VM is needed. Lines arrive split, without their
// \r, overlong output in pieces of at most 64 KiB, and the last partial line on exit.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LINE } from '../../src/vm/line-splitter.js';
import { QEMU_BINARY, startQemu, type QemuProcess } from '../../src/vm/qemu-process.js';

const savedPath = process.env.PATH;
let dir: string | undefined;
let qemu: QemuProcess | undefined;

afterEach(async () => {
  if (qemu) {
    qemu.kill();
    await qemu.exited;
  }
  qemu = undefined;
  process.env.PATH = savedPath;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Put a fake qemu running `script` (sh) first on PATH. */
function fakeQemu(script: string): void {
  dir = mkdtempSync(join(tmpdir(), 'oomlab-fake-qemu-'));
  const file = join(dir, QEMU_BINARY);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  process.env.PATH = `${dir}:${savedPath ?? '/usr/bin:/bin'}`;
}

describe('startQemu console lines', () => {
  it('splits the console into lines, cuts a 200 KB newline-free run into bounded pieces, and flushes the last line', async () => {
    // 200,000 'x' with no newline between "begin" and "end".
    fakeQemu(`printf 'boot one\\r\\nboot two\\r\\nbegin'; head -c 200000 /dev/zero | tr '\\0' x; printf 'end\\r\\ntail without newline'`);
    const lines: string[] = [];
    qemu = startQemu([], (l) => lines.push(l));
    const exit = await qemu.exited;
    expect(exit.code).toBe(0);
    expect(lines.slice(0, 2)).toEqual(['boot one', 'boot two']);
    expect(lines.at(-1)).toBe('tail without newline');
    const middle = lines.slice(2, -1);
    expect(middle.length).toBe(Math.ceil((5 + 200_000 + 3) / MAX_LINE));
    for (const l of middle) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
    expect(middle.join('')).toBe(`begin${'x'.repeat(200_000)}end`);
  });
});
