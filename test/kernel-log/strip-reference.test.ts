import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripLinePrefix, stripSpan, type LineSpan, type StrippedLine } from '../../src/kernel-log/line-prefix.js';
import { fixture, fixtureNames } from './fixtures.js';
import { referenceStrip } from './strip-reference.js';

// The span-based stripper reads lines in place inside a larger text; it must give exactly what the
// string-based one (strip-reference.ts) gave for the same line, whatever surrounds the span.

function viaString(line: string): StrippedLine | undefined {
  const out: StrippedLine = { text: '', seconds: NaN, wall: '' };
  return stripLinePrefix(line, out) ? { ...out } : undefined;
}

function viaReference(line: string): StrippedLine | undefined {
  const out: StrippedLine = { text: '', seconds: NaN, wall: '' };
  return referenceStrip(line, out) ? { ...out } : undefined;
}

function viaSpan(before: string, line: string, after: string): StrippedLine | undefined {
  const src = `${before}${line}${after}`;
  const span: LineSpan = { src: '', start: 0, end: 0, seconds: NaN, wall: '', rel: 0 };
  if (!stripSpan(src, before.length, before.length + line.length, span)) return undefined;
  return { text: span.src.slice(span.start, span.end), seconds: span.seconds, wall: span.wall };
}

const lines = fixtureNames().flatMap((n) => fixture(n).split('\n'));
const pieces = [
  '[ 12.345678] ', '[ 12.345678]', '[  +0.000012] ', '[ +12.345678]', '[+0.1]', '[Dec 5 19:42] ', '[Dec15 19:42]', '[ 12.345678 <    0.000012>] ', '[<    0.000012>] ',
  '[Sat Nov 28 12:42:22 2026 <    0.000012>] ', ' <', '<', '+', '[T1234] ', '{"__REALTIME_TIMESTAMP":"1796500469252101","MESSAGE":"',
  '","_SOURCE_MONOTONIC_TIMESTAMP":"42242198113"}', '","_TRANSPORT":"syslog"}', '"}', '\u001e', '\t"MESSAGE" : "', '",', 'MESSAGE=', '\\n', 'active_anon:', '[  -0.000003] ', '[<   -0.000003>] ', '[  T30831] ', '\u2028', '[12月 5 19:46] ', '[5. Dez 19:46]', '[ C3]', '[Sat Nov 28 12:42:22 2026] ', 'kern  :warn  : ', 'user  :err   : ', 'kern :', ':warn :',
  '2026-11-28T12:42:22,123456+00:00 ', '2026-11-28T12:42:22.1Z stdout F ', '2026-11-28T12:42:22Z ', 'Nov 28 12:42:22 ', 'Dec 04 09:00:31.494060 ',
  '2026-12-05T19:54:01.0000037Z ', 'Mon Apr 12 18:29:48 2021 ', 'kern.warn ', 'daemon.info ', 'local0.err ', 'Sat Jan  5 09:40:15 2020 ', '10.1.1.2: kern: warning: [2022-01-25T10:35:59.108125566Z]: ', 'kern:    info: [2022-01-25T10:35:59Z]: ', 'user: warning: [2026-01-12T20:27:31.9+01:00]: ', ': ', 'Sat 2026-12-05 19:54:29 UTC ', 'sam. 2026-12-05 19:54:29.5 +03 ', '<4>1 2026-12-05T19:54:29.253260+00:00 vm kernel - - - ', '1 - h kernel 1 m [a b="]\\"\\]"][c] ', '1 2026-12-05T19:54:29Z h app - - - ', '\ufeff', 'kernel - - ',
  'host kernel: ', 'kernel: ', 'host systemd[1]: ', '> ', '>', '1787068905.416344 ', '1787068905. ', '123456789012.5 ', '    MESSAGE=', ' SUBSYSTEM=x', '6,1,2,-;', '<6>', '<>', '{"log":"', '\\n","stream":"stdout","time":"t"}',
  '\\"', '\\n', '"', '}', ']', '[', ' ', '\t', '\r', ',', '>', '1', '.', ':', 'x', 'kernel', 'MESSAGE=',
];
const line = fc.oneof(
  fc.constantFrom(...lines),
  fc.array(fc.constantFrom(...pieces), { maxLength: 10 }).map((p) => p.join('')),
  fc.tuple(fc.array(fc.constantFrom(...pieces), { maxLength: 4 }), fc.constantFrom(...lines)).map(([p, l]) => p.join('') + l),
  fc.string({ maxLength: 60 }),
);
const around = fc.oneof(fc.constant(''), fc.constantFrom(...lines).map((l) => `${l}\n`), fc.string({ maxLength: 20 }).map((s) => `${s}\n`));
const after = fc.oneof(fc.constant(''), fc.constantFrom(...lines).map((l) => `\n${l}`), fc.string({ maxLength: 20 }).map((s) => `\n${s}`), fc.constant(']'), fc.constant(' '));

describe('stripSpan agrees with the string stripper it replaced', () => {
  it('a CRI line that ends in two CRs (found by the property below, seed -1021911517)', () => {
    const l = '2026-11-28T12:42:22.1Z stdout F \r\r';
    expect(viaString(l)).toEqual(viaReference(l));
    expect(viaSpan('\n', l, '')).toEqual(viaReference(l));
  });

  it('on every fixture line, alone and wrapped', () => {
    for (const l of lines) {
      expect(viaString(l)).toEqual(viaReference(l));
      expect(viaSpan('x\n', l, '\n] kernel: 12:00:00')).toEqual(viaReference(l));
    }
  });

  it('on random lines inside random text', () => {
    fc.assert(
      fc.property(around, line, after, (b, l, a) => {
        const want = viaReference(l);
        expect(viaString(l)).toEqual(want);
        // A span ends at a newline or at the end of its text; what lies beyond it must not count.
        if (a === '' || a.startsWith('\n')) expect(viaSpan(b, l, a)).toEqual(want);
      }),
      { numRuns: 20000 },
    );
  });
});
