import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, oomlab } from '../helpers/cli.js';

// The bin (src/cli/launcher.ts) runs the CLI's bundle from V8's code cache, which the build trains
// (scripts/bundle-cli.mjs). These check that the cache the build wrote is one this Node accepts, and
// that a missing or foreign cache only costs speed: the CLI still runs.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A copy of the bin and the bundle in a directory of its own inside the package (so the bundle still
// finds the package root), with the given cache bytes, or none.
function copyWithCache(cache: Buffer | undefined): string {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test-artifacts', 'launcher-'));
  scratch.push(dir);
  copyFileSync(join(DIST, 'oomlab.mjs'), join(dir, 'oomlab.mjs'));
  copyFileSync(join(DIST, 'oomlab-cli.cjs'), join(dir, 'oomlab-cli.cjs'));
  if (cache) writeFileSync(join(dir, 'oomlab-cli.cjs.cache'), cache);
  return join(dir, 'oomlab.mjs');
}

describe('the oomlab bin', () => {
  it('runs the bundle from the code cache the build trained', async () => {
    const r = await oomlab(['--version'], { env: { OOMLAB_CODE_CACHE: 'report' } });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).trim()).toBe(version);
    expect(r.stderr).toContain('oomlab: code cache used');
    expect(CLI.endsWith(join('dist', 'oomlab.mjs'))).toBe(true);
  });

  it('still runs, compiling as usual, when the cache is missing or is not V8\'s', async () => {
    for (const [cache, state] of [[undefined, 'missing'], [Buffer.from('not a code cache'), 'rejected']] as const) {
      const bin = copyWithCache(cache);
      const r = await execa('node', [bin, 'list'], { reject: false, env: { OOMLAB_CODE_CACHE: 'report' } });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain(`oomlab: code cache ${state}`);
      expect(r.stdout).toContain('touched-oom');
    }
  });

  it('keeps the CLI\'s error contract: a bad flag is one line and exit 2', async () => {
    const r = await oomlab(['run', '--no-such-flag', 'x']);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^oomlab: /);
  });
});
