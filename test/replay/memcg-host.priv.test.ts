import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oomlab } from '../helpers/cli.js';
import { cgroupSkipReason } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';

// Issue 12: memory cgroup reports replayed in a real cgroup on this host (cgroup v1 here): real hogs,
// the kernel's own memcg OOM kill, the same victim as in the report.

const skip = cgroupSkipReason();
const F = 'test/fixtures/kernel-logs/';
const dir = mkdtempSync(join(tmpdir(), 'oomlab-replay-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)(needs(skip, 'oomlab replay of memcg reports in a host cgroup'), () => {
  for (const [file, pid] of [['local-6.18-memcg-v1-two-procs.dmesg.txt', 15574], ['k8s-blog-4.15-dmesg-T-kubepods.txt', 32308]] as const) {
    it(`${file}: pid ${pid} is killed again`, async () => {
      const json = join(dir, `${pid}.json`);
      const r = await oomlab(['replay', F + file, '--json', json]);
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
      const doc = JSON.parse(readFileSync(json, 'utf8'));
      expect(doc.reproduced).toBe(true);
      expect(doc.replay.victim.pid).toBe(pid);
      expect(doc.replay.vm).toBeNull();
      expect(doc.result.oomEvents[0].sources).toContain('kmsg');
    });
  }

  it('a report with swap in use, on a host without swap, is exit 3 naming the way out', async () => {
    const r = await oomlab(['replay', `${F}cadvisor-4.8-docker-two-kills.txt`, '--event', '2']);
    if (readFileSync('/proc/meminfo', 'utf8').match(/^SwapTotal:\s+0 kB/m)) {
      expect(r.exitCode).toBe(3);
      expect(String(r.stderr)).toContain('this host has no swap (replay it in a VM with swap: --cgroup v2)');
    } else expect(r.exitCode).toBe(0);
  });
});
