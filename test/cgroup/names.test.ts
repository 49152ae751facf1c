import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realIo } from '../../src/cgroup/io.js';
import { newRunId, ownedName, ownerAlive, parseOwnedName, readOwner } from '../../src/cgroup/names.js';

describe('run cgroup names', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('carry the owner pid and start time, and parse back', () => {
    const name = ownedName('lx3k9a1b2c3', { pid: 1234, startTicks: 185872 });
    expect(name).toBe('oomlab-lx3k9a1b2c3-p1234-t185872');
    expect(parseOwnedName(name)).toEqual({ tag: 'lx3k9a1b2c3', owner: { pid: 1234, startTicks: 185872 } });
  });

  it('anything else is not oomlab-made', () => {
    for (const n of ['oomlab', 'oomlab-notes', 'oomlab-x-p1', 'my-oomlab-a-p1-t2', 'oomlab-A-p1-t2', 'oomlab-a-p1-t2-x', 'system.slice']) expect(parseOwnedName(n)).toBeUndefined();
  });

  it('run ids are lower-case letters and digits, and a bad one is refused', () => {
    expect(newRunId()).toMatch(/^[a-z0-9]+$/);
    expect(() => ownedName('Bad-Id', { pid: 1, startTicks: 1 })).toThrow(/runId/);
  });

  it('reads the start time from /proc/<pid>/stat, whatever the comm holds', () => {
    root = mkdtempSync(join(tmpdir(), 'oomlab-names-'));
    mkdirSync(join(root, 'proc/77'), { recursive: true });
    // Real line shape (this machine's `cat`), with a comm of spaces and parentheses.
    writeFileSync(join(root, 'proc/77/stat'), '77 (a b) (c)) R 9819 9819 2614 0 -1 4194304 119 0 0 0 0 0 0 0 20 0 1 0 185872 3133440 362 18446744073709551615\n');
    const io = realIo(root);
    expect(readOwner(io, 77)).toEqual({ pid: 77, startTicks: 185872 });
    expect(ownerAlive(io, { pid: 77, startTicks: 185872 })).toBe(true);
    expect(ownerAlive(io, { pid: 77, startTicks: 1 })).toBe(false);
    expect(ownerAlive(io, { pid: 78, startTicks: 185872 })).toBe(false);
  });

  it('this process, for real: alive under its own start time', () => {
    const io = realIo();
    const me = readOwner(io, process.pid)!;
    expect(me.startTicks).toBeGreaterThan(0);
    expect(ownerAlive(io, me)).toBe(true);
  });
});
