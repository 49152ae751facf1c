// Runs node-gyp: npm's own copy, which npm names in npm_config_node_gyp for every script it runs, else
// a node-gyp on PATH. Shared by the install script (scripts/install.mjs: the build from source when no
// prebuild fits) and scripts/prebuild.mjs. Shipped in the package.
import { spawnSync } from 'node:child_process';

// Why: one way to call node-gyp from a script; returns its exit code (its output goes to ours).
export function runNodeGyp(args, cwd) {
  const gyp = process.env.npm_config_node_gyp;
  const [file, argv] = gyp ? [process.execPath, [gyp, ...args]] : ['node-gyp', args];
  const r = spawnSync(file, argv, { cwd, stdio: 'inherit' });
  if (r.error) {
    console.error(`oomlab: cannot run node-gyp (${r.error.message}); it ships with npm: run this through npm`);
    return 1;
  }
  return r.status ?? 1;
}
