// The example for service teams: run your service under a memory limit with a hog beside it, drive
// some requests, and assert that the service survives and stays under a peak RSS. `npm test` runs
// this file too (it needs root and a memory cgroup, like every real run).
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario } from 'oomlab';

const server = fileURLToPath(new URL('./server.mjs', import.meta.url));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const root = process.getuid?.() === 0;
const REQUESTS = 40;
describe.skipIf(!root)(`a service under a 128M limit with a hog beside it${root ? '' : ' (skipped: needs root for cgroups)'}`, () => {
  it(`survives, answers ${REQUESTS} requests and stays under 100M while the hog is oom-killed`, async () => {
    const port = await freePort();
    const scenario = defineScenario({
      name: 'service-under-pressure',
      cgroup: { memory: '128M', swap: 0 },
      participants: [
        { name: 'service', command: { argv: [process.execPath, server], env: { PORT: String(port) } } },
        // The hog is the likelier victim: more memory, and a higher oom_score_adj.
        { name: 'hog', hog: { total: '256M', touch: 'memset', interval: '1ms' }, oomScoreAdj: 500, startAfter: '500ms' },
      ],
      // The test ends the run itself (below), once it has seen what it waits for; the duration is a cap.
      run: { duration: '5m', until: 'duration', sample: '50ms' },
      expect: [
        { participant: 'service', outcome: 'survived', peakRss: { max: '100M' } },
        { victim: 'hog' },
      ],
    });
    const stop = new AbortController();
    let hogKilled!: () => void;
    const killed = new Promise<void>((r) => (hogKilled = r));
    const run = runScenario(scenario, { signal: stop.signal, onOutcome: (n) => n.name === 'hog' && n.outcome === 'oom-killed' && hogKilled() });
    try {
      // Wait until the service listens (a bounded number of tries), then every request must be answered.
      let up = false;
      for (let i = 0; i < 400 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${port}/`).then((res) => res.ok, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 25));
      }
      expect(up).toBe(true);
      const statuses: number[] = [];
      for (let i = 0; i < REQUESTS; i++) statuses.push((await fetch(`http://127.0.0.1:${port}/item/${i}`)).status);
      expect(statuses).toEqual(Array(REQUESTS).fill(200));
      await killed;
    } finally {
      stop.abort();
    }
    const result = await run;
    expect(result.assertions.filter((a) => !a.passed)).toEqual([]);
    expect(result.verdict).toBe('pass');
  });
});
