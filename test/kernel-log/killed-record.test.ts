import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { killedPidOfRecord } from '../../src/kernel-log/killed-record.js';
import { parseKernelLog } from '../../src/kernel-log/parse.js';

// The harness decides an OOM kill from the kernel's `Killed process N` record before it parses the
// report around it (src/run/orchestrate.ts). That quick read must name exactly the victims the parser
// finds, on real records, and nothing a user program could write to /dev/kmsg.
const DIR = fileURLToPath(new URL('../fixtures/kernel-logs/', import.meta.url));
const KMSG = readFileSync(join(DIR, 'local-6.18-memcg-v1-both.kmsg.txt'), 'utf8');

describe('killedPidOfRecord', () => {
  it("names the same victims as the parser, on a captured /dev/kmsg dump", () => {
    const quick = KMSG.split('\n').map(killedPidOfRecord).filter((p) => p !== undefined);
    expect(quick.length).toBeGreaterThan(0);
    expect(quick).toEqual(parseKernelLog(KMSG).map((e) => e.victim?.pid));
  });

  // Each fixture's kill lines, as the kernel's text of a record (the part from the kill message on).
  const killLines = readdirSync(DIR).filter((f) => f.endsWith('.txt')).flatMap((f) => readFileSync(join(DIR, f), 'utf8').split('\n').filter((l) => /Killed process \d+/.test(l)).map((l) => [f, l] as const));
  it.each(killLines.slice(0, 400))('%s: %s', (_f, line) => {
    const at = line.indexOf('Killed process ');
    const opener = /(Memory cgroup out of memory|Out of memory(?: \([^)]*\))?): $/.exec(line.slice(0, at));
    const text = line.slice(opener ? at - opener[0].length : at);
    expect(killedPidOfRecord(`3,42,1234567,-;${text}`)).toBe(Number(/Killed process (\d+)/.exec(line)![1]));
  });

  it('takes RHEL 6 and RHEL 7 forms, and nothing but a kernel record whose text is the kill', () => {
    expect(killedPidOfRecord('3,1,1,-;Killed process 11726, UID 498, (mysqld) total-vm:7823732kB, anon-rss:2539268kB, file-rss:768kB')).toBe(11726);
    expect(killedPidOfRecord('3,1,1,-;Killed process 1705 (freeswitch), UID 0, total-vm:3770896kB')).toBe(1705);
    // a user program's record (facility user: priority 8 and up), as `echo ... > /dev/kmsg` makes
    expect(killedPidOfRecord('12,1,1,-;Memory cgroup out of memory: Killed process 1 (init) total-vm:1kB')).toBeUndefined();
    expect(killedPidOfRecord('3,1,1,-;oom-kill:constraint=CONSTRAINT_MEMCG,task=hog,pid=1760,uid=0')).toBeUndefined();
    expect(killedPidOfRecord('30,1,1,-;systemd[1]: Killed process 1760 (hog)')).toBeUndefined(); // facility daemon
    expect(killedPidOfRecord('3,1,1,-;nfs: Killed process 1760 (hog)')).toBe(1760); // `: Killed process` as the kernel's lines have it
    expect(killedPidOfRecord('3,1,1,-;Killed process x (hog)')).toBeUndefined();
    expect(killedPidOfRecord('Memory cgroup out of memory: Killed process 1760 (hog)')).toBeUndefined();
  });
});
