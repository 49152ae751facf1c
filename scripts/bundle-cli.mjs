// Bundles the CLI (dist/cli/main.js, as tsc wrote it, and its dependencies) into one CommonJS file,
// dist/oomlab-cli.cjs, and trains V8's code cache for it in the building user's own cache directory
// (never in dist/: a cache in the package would be trusted by nobody, see src/code-cache/), which the
// bin, dist/oomlab.cjs (src/cli/launcher.ts), reads. Why: Node's ESM loader resolves, reads, compiles and
// links every module separately (about 200 for the CLI), which costs a few hundred ms on a host and
// seconds in a VM under TCG, where `oomlab vm run` starts oomlab; one file with a code cache is read
// once and deserialized, not compiled. CommonJS, because Node 20 has a code-cache API (vm.Script's
// cachedData) only for scripts, not for ES modules. The library (dist/index.js) stays unbundled.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/oomlab-cli.cjs',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  // The sources use import.meta.url to find the package root and the native build; in CommonJS the
  // bundle's own file URL stands in (the bundle sits in dist/, where the package root is still found).
  define: { 'import.meta.url': '__oomlabImportMetaUrl' },
  banner: { js: "var __oomlabImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The VM guest's entry (src/cli/guest-run.ts: a scenario the host already checked), in a bundle of its
// own: what it imports is the runner without the CLI's parser, the YAML parser or the schema, whose
// start-up under TCG is most of what the guest's oomlab adds to node's own (bench/vm-boot.mjs).
await build({
  ...common,
  entryPoints: ['dist/cli/guest-run.js'],
  outfile: 'dist/oomlab-guest.cjs',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  define: { 'import.meta.url': '__oomlabImportMetaUrl' },
  banner: { js: "var __oomlabImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The bin inlines its one helper (dist/code-cache/cache-file.js); node's built-ins stay requires. It is
// CommonJS too: an ES module entry point starts Node's ESM loader (and the fs/promises and readline
// internals it loads), about 8 ms of every start-up, a fifth of what oomlab adds to `node -e 0`.
await build({
  ...common,
  entryPoints: ['dist/cli/launcher.js'],
  outfile: 'dist/oomlab.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__oomlabImportMetaUrl' },
  banner: { js: "var __oomlabImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// An older build's ES-module bin would be left beside the new one (and shipped): remove it.
rmSync(`${root}/dist/oomlab.mjs`, { force: true });

// Training: commands that need no privilege and change nothing, yet run most of what a scenario run
// compiles (the CLI's parsing, every built-in scenario through YAML and the schema, the reports'
// formatting). Each writes the cache as it exits; the last one's is kept, so it covers the most.
// A cache an older build left in dist/ would ship in the package: remove it.
rmSync(`${root}/dist/oomlab-cli.cjs.cache`, { force: true });
// The guest's bundle is trained by a run it refuses (outside a VM): its start-up, every module's
// top level, is what it then finds cached; the runner's functions compile on first call as the CLI's do.
try {
  execFileSync(process.execPath, [`${root}/dist/oomlab.cjs`, 'list'], { env: { ...process.env, OOMLAB_CODE_CACHE: 'write' }, stdio: 'ignore', timeout: 60_000 });
  trainGuest();
} catch (err) {
  // The cache only makes start-up faster: without it the bin compiles as usual, and writes one then.
  console.warn(`bundle-cli: no code cache trained (${err instanceof Error ? err.message.split('\n')[0] : err})`);
}

function trainGuest() {
  try {
    execFileSync(process.execPath, [`${root}/dist/oomlab.cjs`, 'guest-run'], { env: { ...process.env, OOMLAB_CODE_CACHE: 'write', OOMLAB_IN_VM: '' }, stdio: 'ignore', timeout: 60_000 });
  } catch (err) {
    if (err?.status !== 2) throw err; // the refusal, as expected
  }
}
