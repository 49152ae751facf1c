import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheLocation } from '../../src/code-cache/cache-file.js';
import { oomlab } from '../helpers/cli.js';

// The bin (src/cli/launcher.ts) runs the CLI's bundle from V8's code cache, made per user and per
// bundle (src/code-cache/cache-file.ts). V8 itself only checks the source's length, so these plant
// caches an attacker or an old build would: each must be refused with its reason, and the CLI must
// still run the visible bundle.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const DESCRIPTION = 'Linux memory-stress and OOM-scenario harness';
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(base: string, prefix: string): string {
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, prefix));
  scratch.push(dir);
  return dir;
}

// A copy of the bin and the bundle in a directory of its own inside the package (so the bundle still
// finds the package root); `edit` changes the bundle's text without changing its length.
function copyBin(edit?: (text: string) => string): { bin: string; bundle: Buffer } {
  const dir = tempDir(join(ROOT, 'test-artifacts'), 'launcher-');
  copyFileSync(join(DIST, 'oomlab.cjs'), join(dir, 'oomlab.cjs'));
  const text = readFileSync(join(DIST, 'oomlab-cli.cjs'), 'utf8');
  const edited = edit ? edit(text) : text;
  expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
  writeFileSync(join(dir, 'oomlab-cli.cjs'), edited);
  return { bin: join(dir, 'oomlab.cjs'), bundle: Buffer.from(edited) };
}

async function run(bin: string, cacheDir: string, args = ['--help']) {
  const r = await execa('node', [bin, ...args], { reject: false, env: { OOMLAB_CODE_CACHE: 'report', OOMLAB_CACHE_DIR: cacheDir } });
  const status = /^oomlab: code cache (.*)$/m.exec(String(r.stderr))?.[1];
  return { exitCode: r.exitCode, stdout: String(r.stdout), status };
}

describe('the oomlab bin and its code cache', () => {
  it('compiles and writes a cache on its first run, and uses it on the next', async () => {
    const cacheDir = join(tempDir(tmpdir(), 'oomlab-cache-'), 'oomlab');
    const { bin, bundle } = copyBin();
    const file = cacheLocation(bundle, { OOMLAB_CACHE_DIR: cacheDir })!.file;
    const first = await run(bin, cacheDir, ['list']);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('touched-oom');
    expect(first.status).toBe(`missing; a fresh one is written to ${file} at exit`);
    expect(readdirSync(cacheDir)).toEqual([file.split('/').pop()]);
    const second = await run(bin, cacheDir, ['list']);
    expect(second.status).toBe('used');
    expect(second.stdout).toBe(first.stdout);
  });

  it('refuses a cache made from another bundle of the same length, and runs the visible one', async () => {
    const cacheDir = join(tempDir(tmpdir(), 'oomlab-cache-'), 'oomlab');
    const real = copyBin();
    const other = copyBin((t) => t.replace(DESCRIPTION, DESCRIPTION.replace('harness', 'HARNESS')));
    const otherRun = await run(other.bin, cacheDir);
    expect(otherRun.stdout).toContain('OOM-scenario HARNESS');
    // The other bundle's cache, under the name the real bundle looks for.
    renameSync(cacheLocation(other.bundle, { OOMLAB_CACHE_DIR: cacheDir })!.file, cacheLocation(real.bundle, { OOMLAB_CACHE_DIR: cacheDir })!.file);
    const r = await run(real.bin, cacheDir);
    expect(r.status).toMatch(/^rejected: it was not made from this bundle with this node \(its key does not match\); a fresh one is written/);
    expect(r.stdout).toContain(DESCRIPTION);
    expect(r.stdout).not.toContain('HARNESS');
  });

  it('refuses a cache others can write, a link in its place, and one V8 cannot read, saying why', async () => {
    const cacheDir = join(tempDir(tmpdir(), 'oomlab-cache-'), 'oomlab');
    const { bin, bundle } = copyBin();
    const file = cacheLocation(bundle, { OOMLAB_CACHE_DIR: cacheDir })!.file;
    await run(bin, cacheDir);
    chmodSync(file, 0o666);
    expect((await run(bin, cacheDir)).status).toMatch(new RegExp(`^refused: ${file} is writable by others \\(mode 666\\)`));
    const good = readFileSync(file);
    rmSync(file);
    const elsewhere = join(tempDir(tmpdir(), 'oomlab-elsewhere-'), 'c.v8');
    writeFileSync(elsewhere, good, { mode: 0o600 });
    symlinkSync(elsewhere, file);
    expect((await run(bin, cacheDir)).status).toMatch(new RegExp(`^refused: ${file} is a symbolic link`));
    rmSync(file);
    const nl = good.indexOf(10);
    writeFileSync(file, Buffer.concat([good.subarray(0, nl + 1), Buffer.from('not V8 data at all')]), { mode: 0o600 });
    const r = await run(bin, cacheDir);
    expect(r.status).toMatch(/^rejected: V8 refused it/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(DESCRIPTION);
  });

  it.skipIf(process.geteuid?.() !== 0)('refuses a cache directory that belongs to another user (needs root to make one)', async () => {
    const cacheDir = join(tempDir(tmpdir(), 'oomlab-cache-'), 'oomlab');
    const { bin } = copyBin();
    await run(bin, cacheDir);
    chownSync(cacheDir, 65534, 65534);
    const r = await run(bin, cacheDir);
    expect(r.status).toBe(`refused: ${cacheDir} belongs to uid 65534, not to this user`);
    expect(r.stdout).toContain(DESCRIPTION);
  });

  it('keeps the CLI\'s error contract: a bad flag is one line and exit 2', async () => {
    const r = await oomlab(['run', '--no-such-flag', 'x']);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^oomlab: /);
  });

  it('ships no code cache: the packed package holds none, nor any .cache directory', async () => {
    const r = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = (JSON.parse(String(r.stdout)) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/oomlab-cli.cjs');
    expect(files.filter((f) => /\.cache(\/|$)|\.v8$|cjs\.cache$/.test(f))).toEqual([]);
  });
});
