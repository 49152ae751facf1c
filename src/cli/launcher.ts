#!/usr/bin/env node
// The `oomlab` bin: runs the CLI's one-file bundle (dist/oomlab-cli.cjs, see scripts/bundle-cli.mjs)
// through V8's code cache. Why: in a VM under TCG, where `oomlab vm run` starts oomlab, compiling the
// bundle's 0.5 MB and then every function on its first call costs seconds; the cache holds the
// bytecode of everything a training run compiled, so the guest deserializes it instead. The cache is
// written at build time (OOMLAB_CODE_CACHE=write) and only read after; V8 checks it against this
// Node's version and flags and the bundle's source, and ignores it when they differ (then this is an
// ordinary compile). It imports nothing but Node's built-ins, so it costs nothing itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'oomlab-cli.cjs');
const cacheFile = `${bundle}.cache`;
// The bundle keeps main.ts's `#!` line, which is not JavaScript inside a function.
const source = readFileSync(bundle, 'utf8').replace(/^#!/, '//');
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
const script = new Script(wrapper, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
if (process.env.OOMLAB_CODE_CACHE === 'write') {
  process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
} else if (process.env.OOMLAB_CODE_CACHE === 'report') {
  process.stderr.write(`oomlab: code cache ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'missing'}\n`);
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, here);
