// npm's install script, node-gyp-build's rule: use the prebuilt binaries (prebuilds/<platform>-<arch>,
// shipped in the npm package) when they fit this machine and work here; else build from source with
// node-gyp, which needs python3, make and a C compiler. "Work here" is tested for real, in a child
// process, by the library's own loader (dist/native/self-test.js: it loads the addon and runs
// oomlab-hog's layout probe), so a prebuild that needs a newer glibc than this system's is not used.
// A clone has no prebuilds (they are not in git) and no dist/ yet: it builds from source, as before;
// so does any tree that already has a build from source (build/), which the loader prefers: it is
// rebuilt, never left stale. `npm install --build-from-source` (npm_config_build_from_source) always builds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runNodeGyp } from './node-gyp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const selfTest = join(root, 'dist', 'native', 'self-test.js');
const prebuilds = join(root, 'prebuilds', `${process.platform}-${process.arch}`);

// Why: the self-test's verdict on the prebuild, in a child so a crashing load cannot take npm with it.
function prebuildWorks() {
  const code = `import(${JSON.stringify(pathToFileURL(selfTest).href)}).then((m) => {
    const r = m.selfTest({ prebuildOnly: true });
    console.log(r.detail);
    process.exitCode = r.ok ? 0 : 1;
  });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, detail: (r.stdout || r.stderr || String(r.error ?? '')).trim() };
}

const fromSource = ['true', 'oomlab'].includes(process.env.npm_config_build_from_source ?? '') || existsSync(join(root, 'build'));
if (!fromSource && existsSync(prebuilds) && existsSync(selfTest)) {
  const r = prebuildWorks();
  if (r.ok) {
    console.log(`oomlab: using the prebuilt binaries in ${prebuilds}`);
    process.exit(0);
  }
  console.log(`oomlab: the prebuilt binaries do not fit this machine (${r.detail}); building from source`);
}
const code = runNodeGyp(['rebuild'], root);
if (code !== 0) console.error('oomlab: the build from source failed; it needs python3, make and a C compiler (Debian: apt-get install build-essential python3)');
process.exit(code);
