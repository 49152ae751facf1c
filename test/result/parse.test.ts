import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRunResult, MalformedResultError, parseRunResult } from '../../src/result/parse.js';

const DIR = join(import.meta.dirname, '../fixtures/results');
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.startsWith('search-'));
const base = (): Record<string, any> => JSON.parse(readFileSync(join(DIR, 'touched-oom.json'), 'utf8'));

describe('parseRunResult: oomlab/result@2 checked at run time', () => {
  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fixtures)('accepts the captured result %s (written as @1, or @2 from issue 14 on; read as @2)', (f) => {
    const r = parseRunResult(readFileSync(join(DIR, f)), f);
    expect(JSON.parse(readFileSync(join(DIR, f), 'utf8')).schema).toBe(f === 'hostile-output.json' ? 'oomlab/result@2' : 'oomlab/result@1');
    expect(r.schema).toBe('oomlab/result@2');
    expect(r.participants.length).toBeGreaterThan(0);
    expect(['read', 'unavailable']).toContain(r.evidence.kmsg);
  });

  it('upgrades @1 evidence: kmsg true/false to read/unavailable, exit-signal to signal', () => {
    const r = base();
    r.evidence = { kmsg: false, reason: 'cannot read /dev/kmsg (ENXIO)' };
    r.oomEvents[0].sources = ['cgroup-counter', 'exit-signal'];
    const parsed = parseRunResult(JSON.stringify(r), 'x');
    expect(parsed.evidence).toEqual({ kmsg: 'unavailable', reason: 'cannot read /dev/kmsg (ENXIO)' });
    expect(parsed.oomEvents[0]!.sources).toEqual(['cgroup-counter', 'signal']);
    r.evidence = { kmsg: true };
    expect(parseRunResult(JSON.stringify(r), 'x').evidence).toEqual({ kmsg: 'read' });
  });

  it('refuses an @2 result that still has @1 evidence', () => {
    const r = base();
    r.schema = 'oomlab/result@2';
    r.evidence = { kmsg: true };
    expect(() => parseRunResult(JSON.stringify(r), 'x')).toThrow('x is not an oomlab/result@2: evidence.kmsg: expected one of "read", "silent", "unavailable"');
  });

  it('drops keys the schema does not know', () => {
    const r = base();
    r.extra = '<script>';
    r.participants[0].injected = 1;
    const parsed = parseRunResult(JSON.stringify(r), 'x') as unknown as Record<string, any>;
    expect('extra' in parsed).toBe(false);
    expect('injected' in parsed.participants[0]).toBe(false);
  });

  const cases: Array<[string, (r: Record<string, any>) => unknown, string]> = [
    ['markup in a numeric field', (r) => (r.participants[0].majorFaults = '<meta http-equiv="refresh" content="0;url=https://x">'), 'participants[0].majorFaults: expected number'],
    ['a string for restarts', (r) => (r.participants[0].restarts = '1'), 'participants[0].restarts: expected number'],
    ['an outcome that does not exist', (r) => (r.participants[0].outcome = '\x1b]0;pwned\x07'), 'participants[0].outcome: expected one of "completed", "exited"'],
    ['a null duration', (r) => (r.durationMs = null), 'durationMs: expected number'],
    ['another schema id', (r) => (r.schema = 'oomlab/result@3'), 'schema: expected one of "oomlab/result@2"'],
    ['a verdict that is markup', (r) => (r.verdict = '<b>pass</b>'), 'verdict: expected one of "pass", "fail"'],
    ['a cgroup limit that is an object', (r) => (r.cgroups[0].limits.memoryBytes = { a: 1 }), 'cgroups[0].limits.memoryBytes:'],
    ['an evidence source it never writes', (r) => (r.oomEvents[0].sources = ['kmsg', 'guest']), 'oomEvents[0].sources[1]: expected one of'],
  ];
  it.each(cases)('refuses %s, naming the field and never echoing the value', (_name, spoil, message) => {
    const r = base();
    spoil(r);
    let err: unknown;
    try {
      parseRunResult(JSON.stringify(r), "the guest's result.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MalformedResultError);
    const text = (err as Error).message;
    expect(text.startsWith("the guest's result.json is not an oomlab/result@2: ")).toBe(true);
    expect(text).toContain(message);
    expect(text).not.toMatch(/<|\x1b|pwned/);
    expect(text).not.toContain('\n');
  });

  it('reads a host name when there is one (results before it have none)', () => {
    const r = base();
    expect(parseRunResult(JSON.stringify(r), 'x').host.hostname).toBeUndefined();
    r.host.hostname = 'web-1';
    expect(parseRunResult(JSON.stringify(r), 'x').host.hostname).toBe('web-1');
    r.host.hostname = 7;
    expect(() => parseRunResult(JSON.stringify(r), 'x')).toThrow('x is not an oomlab/result@2: host.hostname: expected string');
  });

  it('checks a value already parsed the same way, and says where the problem is', () => {
    const r = base();
    expect(checkRunResult(r, 'runs[0]').scenario.name).toBe('touched-oom');
    r.verdict = 'maybe';
    let err: MalformedResultError | undefined;
    try {
      checkRunResult(r, 'runs[1]');
    } catch (e) {
      err = e as MalformedResultError;
    }
    expect(err?.message).toBe('runs[1] is not an oomlab/result@2: verdict: expected one of "pass", "fail"');
    expect([err?.at, err?.problem]).toEqual(['verdict', 'expected one of "pass", "fail"']);
  });

  it('refuses invalid JSON in one line with its size only', () => {
    const bytes = Buffer.from('{"schema":"oomlab/result@1", "x": "\x1b[31m<script>');
    expect(() => parseRunResult(bytes, "the guest's result.json")).toThrow(
      new MalformedResultError(`the guest's result.json is not valid JSON (${bytes.length} bytes)`),
    );
  });
});

describe("parseRunResult: a VM run's machine (host.vm)", () => {
  const fixture = join(import.meta.dirname, '../fixtures/results/lab/article-swap.json');
  const runs = (JSON.parse(readFileSync(fixture, 'utf8')) as { runs: Array<Record<string, unknown>> }).runs;
  it('keeps the machine a lab run recorded, zram figures included', () => {
    const zram = parseRunResult(Buffer.from(JSON.stringify(runs[1])), 'zram run');
    expect(zram.host.vm).toMatchObject({ swapKind: 'zram', memBytes: 512 * 2 ** 20, swapBytes: 256 * 2 ** 20, zram: { algorithm: 'lzo-rle' } });
    expect(zram.host.vm!.sysctl.overcommit_memory).toBe(0);
    const strict = parseRunResult(Buffer.from(JSON.stringify(runs[3])), 'overcommit run');
    expect(strict.host.vm!.sysctl.overcommit_memory).toBe(2);
  });
  it('refuses a machine with a sysctl that is not a number, and reads results without one', () => {
    const bad = structuredClone(runs[0]) as { host: { vm: { sysctl: Record<string, unknown> } } };
    bad.host.vm.sysctl.swappiness = '60; rm -rf /';
    expect(() => parseRunResult(Buffer.from(JSON.stringify(bad)), 'bad')).toThrow(MalformedResultError);
    const old = structuredClone(runs[0]) as { host: { vm?: unknown } };
    delete old.host.vm;
    expect(parseRunResult(Buffer.from(JSON.stringify(old)), 'old').host.vm).toBeUndefined();
  });
});
