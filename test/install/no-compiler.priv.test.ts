import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/native/build-paths.js';
import { cgroupSkipReason } from '../helpers/cgroups.js';
import { inOwnCgroup } from '../helpers/cli.js';
import { commandOnPath } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';

// Issue 17, item 1: a user without a compiler installs the npm package and it works, from its
// prebuilt binaries. The package is packed as a clean clone packs it (`npm pack` in a copy of the
// files git would have, so the tree under test is never rebuilt while other tests use it), then
// installed into a fresh project whose PATH has node, npm, npx and sh and nothing else (no cc, gcc,
// make or python3): once as usual, once with --ignore-scripts. In each, `oomlab doctor`, `oomlab run
// touched-oom` and a script calling runScenario() from the package's main export must work.
// npm fetches the package's dependencies from the registry (its cache helps), so the test needs it.

const BUILD_TOOLS = ['cc', 'make', 'python3', 'git'];
const missingTool = BUILD_TOOLS.find((t) => !commandOnPath(t));

async function registryReason(): Promise<string | undefined> {
  const r = await execa('npm', ['ping'], { reject: false, timeout: 30_000 });
  return r.exitCode === 0 ? undefined : `needs the npm registry for the package's dependencies (npm ping: ${String(r.stderr).split('\n').find(Boolean) ?? `exit ${r.exitCode}`})`;
}
const skip = cgroupSkipReason() ?? (missingTool ? `needs ${missingTool} to pack the package from source` : await registryReason());

const LIBRARY_SCRIPT = `import { runScenario } from 'oomlab';
const r = await runScenario({
  name: 'library-install', description: 'a hog the kernel kills in a 64M cgroup',
  cgroup: { memory: '64M', swap: 0 },
  participants: [{ name: 'hog', hog: { block: '1M', touch: 'memset', interval: '0' } }],
  run: { duration: '30s', until: 'all-exited' },
  expect: [{ participant: 'hog', outcome: 'oom-killed' }],
});
console.log(\`outcome \${r.participants[0].outcome}, verdict \${r.verdict}\`);
`;

describe.skipIf(skip)(needs(skip, 'the npm package installs and runs without a compiler, from its prebuilt binaries'), () => {
  const work = mkdtempSync(join(tmpdir(), 'oomlab-install-'));
  const bin = join(work, 'bin');
  let tarball = '';
  // Only these on PATH: no compiler, no make, no python3. mkdir is for the cgroup-v2 wrapper (inOwnCgroup).
  const env = { HOME: process.env.HOME ?? '/root', PATH: bin };
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    mkdirSync(bin);
    for (const tool of ['node', 'npm', 'npx', 'sh', 'mkdir']) symlinkSync(commandOnPath(tool)!, join(bin, tool));
    // A clean clone's files (tracked, and new ones not ignored), with this tree's node_modules for the build tools.
    const clone = join(work, 'clone');
    const files = (await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PACKAGE_ROOT })).stdout.split('\0').filter(Boolean);
    for (const f of files) {
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(join(PACKAGE_ROOT, f), join(clone, f), { verbatimSymlinks: true });
    }
    rmSync(join(clone, 'node_modules'), { force: true, recursive: true });
    symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(clone, 'node_modules'));
    const packed = await execa('npm', ['pack', '--pack-destination', work], { cwd: clone, timeout: 300_000 });
    tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
    const listing = (await execa('tar', ['tzf', tarball])).stdout.split('\n');
    expect(listing).toEqual(expect.arrayContaining(['package/prebuilds/linux-x64/oomlab.node', 'package/prebuilds/linux-x64/oomlab-hog', 'package/prebuilds/linux-x64/prebuild.json', 'package/dist/oomlab.cjs', 'package/dist/index.js']));
  }, 400_000);

  for (const mode of ['npm install', 'npm install --ignore-scripts']) {
    it(`${mode}: doctor, run touched-oom and runScenario() work with no compiler on PATH`, async () => {
      const project = mkdtempSync(join(work, 'project-'));
      try {
        writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', private: true, type: 'module' }));
        const none = await execa('sh', ['-c', 'command -v cc gcc make python3 || echo none'], { cwd: project, env, extendEnv: false });
        expect(none.stdout).toBe('none');
        const args = ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...(mode.endsWith('scripts') ? ['--ignore-scripts'] : []), tarball];
        const install = await execa('npm', args, { cwd: project, env, extendEnv: false, timeout: 300_000, all: true, reject: false });
        expect(install.exitCode, String(install.all)).toBe(0);
        if (!mode.endsWith('scripts')) expect(install.all).toMatch(/oomlab: using the prebuilt binaries in .*prebuilds\/linux-x64/);
        expect(readdirSync(join(project, 'node_modules', 'oomlab'))).not.toContain('build');

        const doctor = await execa('npx', ['oomlab', 'doctor'], { cwd: project, env, extendEnv: false, reject: false });
        expect(doctor.stdout).toMatch(/^ok +native build +oomlab\.node \(prebuilt: .*\) and oomlab-hog \(prebuilt: .*\) work$/m);

        const [file, argv] = inOwnCgroup('npx', ['oomlab', 'run', 'touched-oom']);
        const run = await execa(file, argv, { cwd: project, env, extendEnv: false, reject: false, timeout: 120_000 });
        expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
        expect(run.stdout).toMatch(/^verdict: pass$/m);

        writeFileSync(join(project, 'run.mjs'), LIBRARY_SCRIPT);
        const [lf, la] = inOwnCgroup('node', ['run.mjs']);
        const lib = await execa(lf, la, { cwd: project, env, extendEnv: false, reject: false, timeout: 120_000 });
        expect(lib.exitCode, String(lib.stderr)).toBe(0);
        expect(lib.stdout).toBe('outcome oom-killed, verdict pass');
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    }, 400_000);
  }
});
