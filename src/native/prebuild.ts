import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Prebuilt binaries: `npm run prebuild` (scripts/prebuild.mjs) builds the addon and oomlab-hog and puts
// them in prebuilds/<platform>-<arch>/ with a manifest, prebuild.json, saying what they need. The rules
// are node-gyp-build's (platform, arch, libc, Node-API level), plus two of ours: the host's glibc is at
// least the newest symbol version the binaries use (objdump -T, read at build time), and where native/
// sits beside them (a clone, or the npm package), they were built from exactly those sources.

/** prebuilds/<platform>-<arch>/prebuild.json. */
export interface PrebuildManifest {
  platform: string;
  arch: string;
  libc: 'glibc' | 'musl';
  /** The newest GLIBC_x.y symbol version any of the files needs, e.g. "2.34". */
  glibc?: string;
  /** The Node-API level the addon was built for (binding.gyp's NAPI_VERSION). */
  napi: number;
  /** SHA-256 of native/ and binding.gyp (nativeSourceHash), at build time. */
  sources: string;
  files: string[];
  /** Per file, the newest GLIBC_ and GLIBCXX_ versions it needs (for people; the rules use `glibc`). */
  needs?: Record<string, { glibc?: string; glibcxx?: string }>;
}

/** What the rules compare a manifest with. */
export interface PrebuildHost {
  platform: string;
  arch: string;
  /** The C library's version when it is glibc; undefined on musl. */
  glibc: string | undefined;
  napi: number;
  /** nativeSourceHash() of the package, when native/ is there. */
  sources: string | undefined;
}

/** The folder, under the package root, where prebuilds for this host would be. */
export function prebuildDir(root: string, host: Pick<PrebuildHost, 'platform' | 'arch'> = process): string {
  return join(root, 'prebuilds', `${host.platform}-${host.arch}`);
}

// Why: "2.34" >= "2.28" as versions, not as strings ("2.4" < "2.34").
export function versionAtLeast(have: string, need: string): boolean {
  const a = have.split('.').map(Number);
  const b = need.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

// Why: the one rule set; undefined when the prebuild fits this host, else why it does not.
export function prebuildMismatch(m: PrebuildManifest, host: PrebuildHost, file: string): string | undefined {
  if (m.platform !== host.platform || m.arch !== host.arch) return `it is for ${m.platform}-${m.arch}, this is ${host.platform}-${host.arch}`;
  if (!m.files.includes(file)) return `it has no ${file}`;
  const libc = host.glibc === undefined ? 'musl' : 'glibc';
  if (m.libc !== libc) return `it is built against ${m.libc}, this system has ${libc}`;
  if (m.glibc && host.glibc && !versionAtLeast(host.glibc, m.glibc)) return `it needs glibc ${m.glibc} or newer, this system has ${host.glibc}`;
  if (host.napi < m.napi) return `it needs Node-API ${m.napi}, this Node has ${host.napi}`;
  if (host.sources !== undefined && host.sources !== m.sources) return 'it was built from other sources than native/ here (run `npm run prebuild` again)';
  return undefined;
}

// Why: tie a prebuild to the C sources it was built from, so an edited clone never runs a stale one.
export function nativeSourceHash(root: string): string | undefined {
  const dir = join(root, 'native');
  if (!existsSync(dir)) return undefined;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(`${name}\0`).update(readFileSync(join(dir, name))).update('\0');
  const gyp = join(root, 'binding.gyp');
  if (existsSync(gyp)) hash.update(readFileSync(gyp));
  return hash.digest('hex');
}

// Why: the host's side of the rules, read once and only when a prebuild is considered.
export function thisHost(root: string): PrebuildHost {
  // The report's network part (open sockets' peers) is slow and not needed: leave it out this once.
  // (excludeNetwork is Node >= 20.13's; @types/node does not know it yet.)
  const reporter = process.report as NodeJS.ProcessReport & { excludeNetwork?: boolean };
  const excluded = reporter.excludeNetwork;
  reporter.excludeNetwork = true;
  const report = reporter.getReport() as { header?: { glibcVersionRuntime?: string } };
  reporter.excludeNetwork = excluded;
  return {
    platform: process.platform,
    arch: process.arch,
    glibc: report.header?.glibcVersionRuntime,
    napi: Number(process.versions.napi ?? 0),
    sources: nativeSourceHash(root),
  };
}

// Why: the manifest beside the prebuilds, or why there is none to use.
export function readManifest(dir: string): PrebuildManifest | string {
  const path = join(dir, 'prebuild.json');
  if (!existsSync(path)) return `there is no ${path}`;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PrebuildManifest;
  } catch (err) {
    return `${path} is not valid JSON (${(err as Error).message})`;
  }
}
