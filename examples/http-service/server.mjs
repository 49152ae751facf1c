// A small HTTP service for the example: it keeps the last ENTRIES responses in a cache (a bounded
// amount of memory, as a well-behaved service would) and answers on $PORT, or, without one, on the
// port its cgroup names (rendezvous.mjs: the load driver in the same run finds it the same way).
// The cache is a ring of slots, each allocated once and then reused, so the memory the service needs
// is the same from run to run (no garbage whose collection time varies): that is what makes the
// smallest limit it holds in a sharp number (oomlab run scenario.yaml --find-limit memory=32M..512M).
// GET /quit answers and exits 0 (the load driver asks, so the run ends when the load is done).
import { createServer } from 'node:http';
import { rendezvousPort } from './rendezvous.mjs';

const ENTRIES = Number(process.env.ENTRIES ?? 200);
const ENTRY_BYTES = Number(process.env.ENTRY_KB ?? 64) * 1024;
const cache = [];
let served = 0;
const server = createServer((req, res) => {
  if (req.url === '/quit') {
    res.end('bye\n', () => server.close(() => process.exit(0)));
    return;
  }
  const slot = served++ % ENTRIES;
  cache[slot] ??= Buffer.allocUnsafeSlow(ENTRY_BYTES);
  cache[slot].fill(req.url.length % 256);
  res.end(`ok ${Math.min(served, ENTRIES)}\n`);
});
server.listen(process.env.PORT ? Number(process.env.PORT) : rendezvousPort(), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
