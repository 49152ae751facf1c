import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lookupBuildArtifact, PACKAGE_ROOT } from '../../src/native/build-paths.js';
import { nativeSourceHash, prebuildMismatch, thisHost, versionAtLeast, type PrebuildHost, type PrebuildManifest } from '../../src/native/prebuild.js';
import { selfTest } from '../../src/native/self-test.js';

const host: PrebuildHost = { platform: 'linux', arch: 'x64', glibc: '2.36', napi: 9, sources: 'abc' };
const manifest: PrebuildManifest = { platform: 'linux', arch: 'x64', libc: 'glibc', glibc: '2.34', napi: 8, sources: 'abc', files: ['oomlab.node', 'oomlab-hog'] };

describe('the prebuild rules (node-gyp-build\'s, plus glibc version and sources)', () => {
  it('compares versions as versions', () => {
    expect(versionAtLeast('2.36', '2.34')).toBe(true);
    expect(versionAtLeast('2.34', '2.34')).toBe(true);
    expect(versionAtLeast('2.4', '2.34')).toBe(false);
    expect(versionAtLeast('3', '2.99')).toBe(true);
  });

  it('accepts a prebuild that fits, and says why one does not', () => {
    expect(prebuildMismatch(manifest, host, 'oomlab-hog')).toBeUndefined();
    expect(prebuildMismatch(manifest, { ...host, sources: undefined }, 'oomlab-hog')).toBeUndefined();
    expect(prebuildMismatch(manifest, { ...host, arch: 'arm64' }, 'oomlab-hog')).toBe('it is for linux-x64, this is linux-arm64');
    expect(prebuildMismatch(manifest, host, 'other.node')).toBe('it has no other.node');
    expect(prebuildMismatch(manifest, { ...host, glibc: undefined }, 'oomlab-hog')).toBe('it is built against glibc, this system has musl');
    expect(prebuildMismatch(manifest, { ...host, glibc: '2.31' }, 'oomlab-hog')).toBe('it needs glibc 2.34 or newer, this system has 2.31');
    expect(prebuildMismatch(manifest, { ...host, napi: 7 }, 'oomlab.node')).toBe('it needs Node-API 8, this Node has 7');
    expect(prebuildMismatch(manifest, { ...host, sources: 'edited' }, 'oomlab.node')).toMatch(/other sources than native\/ here/);
  });

  it('reads this host: glibc from the process report, and the package\'s source hash', () => {
    const h = thisHost(PACKAGE_ROOT);
    expect(h.glibc).toMatch(/^\d+\.\d+$/);
    expect(h.napi).toBeGreaterThanOrEqual(8);
    expect(h.sources).toBe(nativeSourceHash(PACKAGE_ROOT));
    expect(h.sources).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('finding an artifact: build from source first, then a fitting prebuild', () => {
  const root = mkdtempSync(join(tmpdir(), 'oomlab-prebuild-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const pre = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  const hostNow = thisHost(root);
  const fits: PrebuildManifest = { ...manifest, platform: process.platform, arch: process.arch, glibc: '2.17', sources: nativeSourceHash(root) ?? '' };

  it('with nothing there, says what it tried', () => {
    const r = lookupBuildArtifact('oomlab-hog', root);
    expect(r.path).toBeUndefined();
    expect(r.path === undefined && r.tried.join('\n')).toMatch(/build\/Release\/oomlab-hog does not exist[\s\S]*there is no .*prebuild\.json/);
  });

  it('takes a fitting prebuild, refuses one for the wrong sources, and prefers build/Release', () => {
    mkdirSync(join(root, 'native'), { recursive: true });
    writeFileSync(join(root, 'native', 'engine.c'), 'int x;\n');
    mkdirSync(pre, { recursive: true });
    writeFileSync(join(pre, 'oomlab-hog'), '');
    writeFileSync(join(pre, 'prebuild.json'), JSON.stringify({ ...fits, sources: nativeSourceHash(root) }));
    expect(lookupBuildArtifact('oomlab-hog', root)).toEqual({ path: join(pre, 'oomlab-hog'), source: 'prebuild' });
    writeFileSync(join(root, 'native', 'engine.c'), 'int y;\n');
    const stale = lookupBuildArtifact('oomlab-hog', root);
    expect(stale.path === undefined && stale.tried.at(-1)).toMatch(/other sources than native\/ here/);
    expect(selfTest({ root, prebuildOnly: true }).detail).toMatch(/other sources than native\/ here .*\(build it from source with `npm rebuild oomlab --build-from-source`/);
    mkdirSync(join(root, 'build', 'Release'), { recursive: true });
    writeFileSync(join(root, 'build', 'Release', 'oomlab-hog'), '');
    expect(lookupBuildArtifact('oomlab-hog', root)).toEqual({ path: join(root, 'build', 'Release', 'oomlab-hog'), source: 'build' });
    expect(lookupBuildArtifact('oomlab-hog', root, 'prebuild').path).toBeUndefined();
    expect(hostNow.platform).toBe(process.platform);
  });

  it('the self-test runs what it found: a copy of the real build passes, one the dynamic linker refuses does not', () => {
    rmSync(join(root, 'native'), { recursive: true, force: true });
    writeFileSync(join(pre, 'prebuild.json'), JSON.stringify({ ...fits, sources: '' }));
    const real = (name: string): string => lookupBuildArtifact(name).path!;
    copyFileSync(real('oomlab.node'), join(pre, 'oomlab.node'));
    copyFileSync(real('oomlab-hog'), join(pre, 'oomlab-hog'));
    chmodSync(join(pre, 'oomlab-hog'), 0o755);
    expect(selfTest({ root, prebuildOnly: true })).toMatchObject({ ok: true, detail: expect.stringMatching(/oomlab\.node \(prebuilt: .*\) and oomlab-hog \(prebuilt: .*\) work/) });
    // What ld.so prints for a binary built against a newer glibc than the host's.
    writeFileSync(join(pre, 'oomlab-hog'), "#!/bin/sh\necho \"oomlab-hog: /lib/x86_64-linux-gnu/libc.so.6: version 'GLIBC_2.99' not found\" >&2; exit 1\n");
    expect(selfTest({ root, prebuildOnly: true })).toMatchObject({ ok: false, detail: expect.stringMatching(/oomlab-hog does not run here: .*GLIBC_2\.99' not found/) });
  });
});
