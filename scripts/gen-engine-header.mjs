// Writes native/engine-contract.h from src/engine/contract.ts (rendered by src/engine/contract-header.ts),
// so exit codes, enum words and option and record names are defined once, in TypeScript. Run by
// `npm run build` before node-gyp; the header is committed, so `npm install` (node-gyp alone) needs
// neither this script nor esbuild. `--check` only says whether the committed header is current.
// esbuild bundles the two TypeScript files in memory (Node 20 cannot import TypeScript itself).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = await build({
  absWorkingDir: root,
  entryPoints: ['src/engine/contract-header.ts'],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'warning',
});
const { renderEngineHeader, ENGINE_HEADER_PATH } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
const path = join(root, ENGINE_HEADER_PATH);
const text = renderEngineHeader();
let current = '';
try {
  current = readFileSync(path, 'utf8');
} catch {
  // not written yet
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${ENGINE_HEADER_PATH} is stale: run node scripts/gen-engine-header.mjs (or npm run build)`);
    process.exit(1);
  }
} else if (current !== text) {
  writeFileSync(path, text);
  console.log(`gen-engine-header: wrote ${ENGINE_HEADER_PATH}`);
}
