// The example's load driver: waits (a bounded time) for the service to listen, sends REQUESTS
// requests one after another, each of which must be answered 200, then asks the service to quit.
// Exits 0 when all of that worked, 1 (saying what failed) otherwise: a service killed mid-load fails it.
import { request } from 'node:http';
import { rendezvousPort } from './rendezvous.mjs';

const port = process.env.PORT ? Number(process.env.PORT) : rendezvousPort();
const REQUESTS = Number(process.env.REQUESTS ?? 400);
const WAIT_MS = Number(process.env.WAIT_MS ?? 8000);

const get = (path) =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });

const start = Date.now();
for (;;) {
  try {
    await get('/health');
    break;
  } catch (err) {
    if (Date.now() - start > WAIT_MS) {
      console.error(`load: the service did not answer within ${WAIT_MS} ms (${err.code ?? err.message})`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
for (let i = 0; i < REQUESTS; i++) {
  const status = await get(`/item/${i}`).catch((err) => `error ${err.code ?? err.message}`);
  if (status !== 200) {
    console.error(`load: request ${i + 1} of ${REQUESTS}: ${status}`);
    process.exit(1);
  }
}
await get('/quit').catch(() => {});
