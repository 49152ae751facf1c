#!/usr/bin/env node
// The `oomlab` bin: runs the CLI's one-file bundle (dist/oomlab-cli.cjs, see scripts/bundle-cli.mjs)
// through V8's code cache. Why: in a VM under TCG, where `oomlab vm run` starts oomlab, compiling the
// bundle's 0.5 MB and then every function on its first call costs seconds; the cache holds the
// bytecode of everything a run compiled, so the next run deserializes it instead. The cache is made
// on this machine, per user and per bundle, and used only when it provably belongs to both
// (src/code-cache/cache-file.ts): when it is missing or was refused, this run compiles as usual and
// writes a fresh one as it exits. OOMLAB_CODE_CACHE=report says what happened, =off neither reads nor
// writes one, =write replaces it at exit (the build's training run). esbuild inlines cache-file.ts
// and signal-hold.ts here, so the bin loads node's built-ins and the bundle and nothing else; it is
// built as CommonJS (dist/oomlab.cjs): an ES module entry point costs Node's ESM loader at every start.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { cacheLocation, readCache, writeCache } from '../code-cache/cache-file.js';
import { holdSignals } from './signal-hold.js';
import { GUEST_BUNDLE, GUEST_RUN } from '../vm/guest-command.js';

// Before anything else: a SIGINT or SIGTERM from here on waits for the command to decide (signal-hold.ts).
holdSignals();

const here = dirname(fileURLToPath(import.meta.url));
// A VM guest's run of a checked scenario has a bundle of its own (src/cli/guest-run.ts), cached the same way.
const bundle = join(here, process.argv[2] === GUEST_RUN ? GUEST_BUNDLE : 'oomlab-cli.cjs');
const bytes = readFileSync(bundle);
const mode = process.env.OOMLAB_CODE_CACHE;
const loc = mode === 'off' ? undefined : cacheLocation(bytes);
const read = loc ? readCache(loc) : { status: mode === 'off' ? 'off' : 'missing: no home directory for a cache', writable: false };
// The bundle keeps main.ts's `#!` line, which is not JavaScript inside a function.
const source = bytes.toString('utf8').replace(/^#!/, '//');
const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
const script = new Script(wrapper, { filename: bundle, ...(read.data ? { cachedData: read.data } : {}) });
const status = read.data && script.cachedDataRejected ? 'rejected: V8 refused it (another node, or other flags)' : read.status;
const write = loc !== undefined && read.writable && (mode === 'write' || status !== 'used');
if (write) process.once('exit', () => writeCache(loc, script.createCachedData()));
if (mode === 'report') process.stderr.write(`oomlab: code cache ${status}${write ? `; a fresh one is written to ${loc.file} at exit` : ''}\n`);
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, here);
