import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeOutputDir } from '../../src/participant/output-dir.js';

// `--out DIR` is made like `mkdir -p`, and a directory that cannot be made fails at once (Node's
// recursive mkdir loops forever under /proc, where mkdir says ENOENT although the parent exists).
const dir = mkdtempSync(join(tmpdir(), 'oomlab-outdir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makeOutputDir', () => {
  it('makes the missing levels, and accepts one that exists', () => {
    const deep = join(dir, 'a', 'b', 'c');
    makeOutputDir(deep);
    makeOutputDir(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('fails at once where it cannot be made: under /proc, under a file', () => {
    expect(() => makeOutputDir('/proc/oomlab-no-such/x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    const file = join(dir, 'file');
    writeFileSync(file, '');
    expect(() => makeOutputDir(join(file, 'x'))).toThrow(expect.objectContaining({ code: 'EEXIST' }));
  });
});
