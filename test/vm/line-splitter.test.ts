// The console line splitter (src/vm/line-splitter.ts): lines across chunk boundaries, \r\n, the
// final partial line, and a guest that never prints a newline (bounded pieces, bounded memory).
// Pure logic; nothing here asserts a time.
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE } from '../../src/vm/line-splitter.js';

function splitter(maxLine?: number): { s: LineSplitter; lines: string[] } {
  const lines: string[] = [];
  return { s: new LineSplitter((l) => lines.push(l), maxLine), lines };
}

describe('LineSplitter', () => {
  it('delivers lines that span chunk boundaries, and several lines from one chunk', () => {
    const { s, lines } = splitter();
    s.push('Linux ver');
    s.push('sion 6.1');
    expect(lines).toEqual([]);
    s.push('\nsecond\nthi');
    expect(lines).toEqual(['Linux version 6.1', 'second']);
    s.push('rd\n\n');
    expect(lines).toEqual(['Linux version 6.1', 'second', 'third', '']);
    expect(s.pendingLength).toBe(0);
  });

  it('strips the \\r of \\r\\n, also when the \\r and the \\n arrive in different chunks', () => {
    const { s, lines } = splitter();
    s.push('one\r\ntwo\r');
    s.push('\nthree\r\n');
    s.push('a\rb\n'); // a lone \r inside a line stays
    expect(lines).toEqual(['one', 'two', 'three', 'a\rb']);
  });

  it('delivers the final partial line on end(), without its \\r, and only once', () => {
    const { s, lines } = splitter();
    s.push('done\nlast words\r');
    expect(lines).toEqual(['done']);
    s.end();
    expect(lines).toEqual(['done', 'last words']);
    s.end();
    expect(lines).toEqual(['done', 'last words']);
    const empty = splitter();
    empty.s.end();
    expect(empty.lines).toEqual([]); // nothing pending: no empty line
  });

  it('delivers a 1 MB chunk without a newline in pieces of at most 64 KiB, losing nothing', () => {
    const { s, lines } = splitter();
    const big = 'abcdefghijklmnopqrstuvwxyz'.repeat(40_330).slice(0, 1_000_000);
    s.push(big);
    expect(s.pendingLength).toBeLessThanOrEqual(MAX_LINE);
    expect(lines.length).toBe(Math.ceil(big.length / MAX_LINE) - 1); // the last piece is still pending
    for (const l of lines) expect(l.length).toBe(MAX_LINE);
    s.push('tail\nnext');
    s.end();
    expect(lines.at(-1)).toBe('next');
    expect(lines.slice(0, -1).join('')).toBe(`${big}tail`);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(MAX_LINE);
  });

  it('cuts an overlong line even when its newline is in the same chunk', () => {
    const { s, lines } = splitter(8);
    s.push('0123456789abcdefghij\nok\n');
    expect(lines).toEqual(['01234567', '89abcdef', 'ghij', 'ok']);
    // Exactly maxLine before the newline: one line, no empty piece after it.
    s.push('01234567\n');
    expect(lines.at(-1)).toBe('01234567');
    expect(lines).toHaveLength(5);
  });

  it('never splits a surrogate pair when it cuts', () => {
    const { s, lines } = splitter(4);
    s.push('abc😀def\n'); // 😀 is two UTF-16 units at indexes 3 and 4
    expect(lines).toEqual(['abc', '😀de', 'f']);
  });

  it('keeps at most maxLine characters pending while 10,000 chunks of 1 KiB arrive without a newline', () => {
    let delivered = 0;
    let longest = 0;
    const s = new LineSplitter((l) => {
      delivered += l.length;
      longest = Math.max(longest, l.length);
    });
    const chunk = 'x'.repeat(1024);
    let maxPending = 0;
    for (let i = 0; i < 10_000; i++) {
      s.push(chunk);
      maxPending = Math.max(maxPending, s.pendingLength);
    }
    expect(maxPending).toBeLessThanOrEqual(MAX_LINE);
    expect(longest).toBeLessThanOrEqual(MAX_LINE);
    expect(delivered + s.pendingLength).toBe(10_000 * 1024); // nothing lost
    s.end();
    expect(delivered).toBe(10_000 * 1024);
  });

  it('refuses a maxLine too small to make progress', () => {
    expect(() => new LineSplitter(() => undefined, 1)).toThrow(RangeError);
    expect(() => new LineSplitter(() => undefined, 2.5)).toThrow(RangeError);
  });
});
