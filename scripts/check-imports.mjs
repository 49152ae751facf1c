// `npm run check:imports`: the shape of src/, checked. Exits 1 naming each problem.
//   1. no circular import (madge, over the TypeScript sources, type-only imports included);
//   2. no source file over MAX_LINES lines (small files named after what they handle);
//   3. imports follow the layers below: a folder imports only from its own and lower layers, so the
//      data flows one way (scenario -> plan -> cgroups + participants -> samples and kernel-log
//      events -> result -> reports) and nothing earlier in it imports a later stage, the reports
//      included: they import nothing from cli/.
// test/check-imports.test.ts runs this in the unit suite.
import madge from 'madge';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LINES = 300;

/** Lowest first. A folder may import from its own folder and from any folder of a lower layer. */
export const LAYERS = [
  ['errors'],
  ['units'],
  // the addon's loader, the /proc readers, the contract with the C core
  ['native'],
  ['proc'],
  ['engine'],
  // the probe participant: its options for the engine and the statistics of its passes
  ['probe'],
  // notes of what a run changed on the host, for restoring after a SIGKILLed harness
  ['state'],
  // the machine and the kernel: cgroups, the kernel's OOM report, host facts, the code cache
  ['cgroup', 'kernel-log', 'host', 'code-cache'],
  // the data flow: a scenario and its plan; participants and the kernel's evidence; the result; reports
  ['scenario'],
  ['participant', 'evidence', 'explain', 'layout'],
  ['result'],
  ['report'],
  // results of many machines folded into one report (`oomlab merge`): reads results, calls the reports
  ['merge'],
  // what drives it: the orchestrator, the VM, the command line
  ['run'],
  ['vm'],
  // the settings lab: one scenario on several VMs' machines, compared (calls vm/, renders through report/)
  ['lab'],
  // capabilities built on runs: the limit search (`--find-limit`) calls run/ and vm/
  ['limit'],
  // an incident replayed from its kernel report (`oomlab replay`): builds a scenario, CALLS run/ and vm/
  ['replay'],
  ['cli'],
];

const root = fileURLToPath(new URL('..', import.meta.url));
const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i])));
const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : undefined);

// Why: one list of problems for the script and for the test that runs it (on src/, or on a made-up tree).
export async function checkImports(src = join(root, 'src')) {
  const problems = [];
  const graph = await madge(src, { fileExtensions: ['ts'], tsConfig: join(root, 'tsconfig.json') });
  for (const cycle of graph.circular()) problems.push(`circular import: ${cycle.join(' -> ')} -> ${cycle[0]}`);
  for (const [file, imports] of Object.entries(graph.obj())) {
    const lines = readFileSync(join(src, file), 'utf8').split('\n').length - 1;
    if (lines > MAX_LINES) problems.push(`src/${file} has ${lines} lines (at most ${MAX_LINES})`);
    const from = folderOf(file);
    if (from === undefined) continue; // src/index.ts, the library's surface, may import anything
    if (!layerOf.has(from)) {
      problems.push(`src/${from}/ is in no layer of scripts/check-imports.mjs`);
      continue;
    }
    for (const target of imports) {
      const to = folderOf(target);
      if (to === undefined || to === from) continue;
      if (!(layerOf.get(to) < layerOf.get(from))) problems.push(`src/${file} imports src/${target}: ${from}/ may not import ${to}/ (see LAYERS)`);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = await checkImports();
  for (const p of problems) console.error(`check:imports: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`check:imports: no circular import, no file over ${MAX_LINES} lines, imports follow the layers`);
}
