// `npm run prebuild`: builds the C core from source (the engine header, then node-gyp) and copies the
// addon and oomlab-hog into prebuilds/<platform>-<arch>/ with a manifest, prebuild.json, that says what
// they need: the Node-API level (binding.gyp's NAPI_VERSION), the C library, the newest GLIBC_ symbol
// version any of them uses (objdump -T), and the hash of the sources they came from. The loader
// (src/native/build-paths.ts) uses a prebuild only when that manifest fits the host (src/native/prebuild.ts).
// `npm pack` runs this (prepack), so the package always carries prebuilds made from its own sources;
// they are not committed to git. Note: npm runs a script called "prebuild" before "build" too, so
// `npm run build` makes the native build (and the prebuilds) this way, then the TypeScript.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runNodeGyp } from './node-gyp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILES = ['oomlab.node', 'oomlab-hog'];

// The hash and the rules live in TypeScript (src/native/prebuild.ts); esbuild bundles them in memory.
const out = await build({ absWorkingDir: root, entryPoints: ['src/native/prebuild.ts'], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
const { nativeSourceHash, prebuildDir, thisHost, versionAtLeast } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);

execFileSync(process.execPath, [join(root, 'scripts', 'gen-engine-header.mjs')], { stdio: 'inherit' });
const code = runNodeGyp(['rebuild'], root);
if (code !== 0) process.exit(code);

// Why: the newest symbol version of one kind (GLIBC_, GLIBCXX_) a binary needs, from objdump -T; none
// for a statically linked one (oomlab-hog where the toolchain can link it so: scripts/hog-link-flags.mjs).
function newest(file, prefix) {
  const r = spawnSync('objdump', ['-T', file], { encoding: 'utf8' });
  if (r.status !== 0 && /not a dynamic object/.test(r.stderr)) return undefined;
  if (r.status !== 0) throw new Error(`objdump -T ${file} failed: ${r.stderr || r.error}`);
  const versions = [...r.stdout.matchAll(new RegExp(`\\(${prefix}_([0-9.]+)\\)`, 'g'))].map((m) => m[1]);
  return versions.reduce((a, b) => (a === undefined || versionAtLeast(b, a) ? b : a), undefined);
}

const dir = prebuildDir(root);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const needs = {};
for (const f of FILES) {
  copyFileSync(join(root, 'build', 'Release', f), join(dir, f));
  needs[f] = { glibc: newest(join(dir, f), 'GLIBC'), glibcxx: newest(join(dir, f), 'GLIBCXX') };
}
const glibc = Object.values(needs).map((n) => n.glibc).reduce((a, b) => (b && (!a || versionAtLeast(b, a)) ? b : a), undefined);
const napi = Number(/NAPI_VERSION=(\d+)/.exec(readFileSync(join(root, 'binding.gyp'), 'utf8'))?.[1]);
// Built here, so against this system's C library.
const libc = thisHost(root).glibc ? 'glibc' : 'musl';
const manifest = { platform: process.platform, arch: process.arch, libc, ...(libc === 'glibc' ? { glibc } : {}), napi, sources: nativeSourceHash(root), files: FILES, needs };
writeFileSync(join(dir, 'prebuild.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`prebuild: ${dir}: ${FILES.join(', ')} (Node-API ${napi}, ${libc}${glibc ? ` >= ${glibc}` : ''})`);
