import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelLogParser, parseKernelLog, type OomEvent } from '../../src/kernel-log/index.js';
import { fixture, fixtureNames } from './fixtures.js';
import { wellFormedProblems } from './well-formed.js';

// Any input returns, and returns well-formed events: random text, and the real reports mutated
// (cut at every line, lines dropped, binary noise injected, prefixes mixed). The streaming form must
// agree with the whole-text form on all of it.

function viaChunks(text: string, size: number): OomEvent[] {
  const parser = new KernelLogParser({ joinWrapped: true }); // as parseKernelLogStream reads text
  const out: OomEvent[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...parser.pushChunk(text.slice(i, i + size)));
  out.push(...parser.flush());
  return out;
}

function check(text: string): OomEvent[] {
  const events = parseKernelLog(text);
  expect(wellFormedProblems(events)).toEqual([]);
  return events;
}

const allLines = fixtureNames().flatMap((n) => fixture(n).split('\n'));
const binary = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'));

describe('parseKernelLog never throws', () => {
  it('on arbitrary strings, including binary and unicode', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 500 }), binary), (text) => {
        check(text);
      }),
      { numRuns: 500 },
    );
  });

  it('on shuffled lines of the real reports mixed with noise', () => {
    const line = fc.oneof(fc.constantFrom(...allLines), fc.string({ maxLength: 80 }), binary);
    const wrap = fc.constantFrom(
      (l: string) => l,
      (l: string) => `[ 12.345678] ${l}`,
      (l: string) => `[Sat Nov 28 12:42:22 2026] ${l}`,
      (l: string) => `Nov 28 12:42:22 host kernel: ${l}`,
      (l: string) => `6,1,2,-;${l}`,
      (l: string) => `${l}\r`,
      (l: string) => `kern  :warn  : [ 12.345678] ${l}`,
      (l: string) => `[ 12.345678][T1234] ${l}`,
      (l: string) => `2026-11-28T12:42:22,123456+00:00 ${l}`,
      (l: string) => `Nov 28 12:42:22.123456 host kernel: ${l}`,
      (l: string) => `[ 12.345678] host kernel: ${l}`,
      (l: string) => `    MESSAGE=${l}`,
      (l: string) => `2026-11-28T12:42:22.123456789Z stdout F ${l}`,
      (l: string) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: '2026-11-28T12:42:22Z' }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(line, wrap), { maxLength: 300 }), fc.integer({ min: 1, max: 97 }), (parts, size) => {
        const text = parts.map(([l, w]) => w(l)).join('\n');
        expect(viaChunks(text, size)).toEqual(check(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('mutations of every real report', () => {
  it('has every captured report to mutate', () => {
    expect(fixtureNames().length).toBeGreaterThanOrEqual(19);
  });

  it.each(fixtureNames())('cut at every line: %s', (name) => {
    const lines = fixture(name).split('\n');
    const full = parseKernelLog(lines.join('\n'));
    for (let cut = 0; cut <= lines.length; cut++) {
      const events = check(lines.slice(0, cut).join('\n'));
      expect(events.length).toBeLessThanOrEqual(full.length + 1);
    }
  });

  it.each(fixtureNames())('cut mid-line at many offsets: %s', (name) => {
    const text = fixture(name);
    for (let cut = 0; cut < text.length; cut += 37) check(text.slice(0, cut));
  });

  it.each(fixtureNames())('random lines dropped, binary noise injected: %s', (name) => {
    const lines = fixture(name).split('\n');
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: lines.length, maxLength: lines.length }), fc.array(fc.tuple(fc.nat(lines.length), binary), { maxLength: 8 }), (keep, noise) => {
        const kept = lines.filter((_, i) => keep[i]);
        for (const [at, junk] of noise) kept.splice(Math.min(at, kept.length), 0, junk);
        const text = kept.join('\n');
        expect(viaChunks(text, 13)).toEqual(check(text));
      }),
      { numRuns: 60 },
    );
  });
});

describe('large input', () => {
  it('returns every kill from ~30 MB of repeated reports and noise, and from one 20 MB line', () => {
    const noise = Array.from({ length: 40 }, (_, i) => `[ ${i}.000000] eth0: link up, 1000Mbps, full-duplex ${'x'.repeat(i)}`).join('\n');
    const unit = `${noise}\n${fixture('local-6.18-memcg-v1-both.kmsg.txt')}\n${noise}\n${fixture('article-2.6.32-i686.txt')}\n`;
    const reps = Math.ceil((30 << 20) / unit.length);
    const big = unit.repeat(reps);
    const events = parseKernelLog(big);
    expect(events).toHaveLength(reps * 3);
    expect(events[events.length - 1]?.victim?.pid).toBe(10020);
    expect(parseKernelLog('Killed process 1 ('.repeat((20 << 20) / 18))).toEqual([]);
  });
});
