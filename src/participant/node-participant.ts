// A `node` participant: a Node process that runs the addon's in-process hog, like a leaking Node
// service. The orchestrator starts it through oomlab-hog's exec mode (so it is in its cgroup, with its
// rlimit and oom_score_adj, before Node's first instruction) and reads the same JSON progress records
// on fd 3 that the executable writes. SIGTERM stops the engine, which frees and reports its counts.
import { createWriteStream } from 'node:fs';
import type { HogOptions } from '../engine/options.js';
import { HOG_EXIT } from '../engine/contract.js';
import { hogInProcess } from '../engine/in-process.js';
import type { HogRecord } from '../engine/record.js';

const options = JSON.parse(process.argv[2] ?? '{}') as HogOptions;
const out = createWriteStream('', { fd: 3 });
const write = (r: HogRecord): void => {
  out.write(`${JSON.stringify(r)}\n`);
};
const abort = new AbortController();
process.on('SIGTERM', () => abort.abort());
process.on('SIGINT', () => abort.abort());
const final = await hogInProcess(options, { signal: abort.signal, onProgress: write });
write(final);
out.end(() => process.exit(final.outcome === 'malloc-failed' ? HOG_EXIT.MALLOC_FAILED : HOG_EXIT.OK));
