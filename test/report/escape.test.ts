import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, stripXmlInvalid } from '../../src/report/escape.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('escapeHtml', () => {
  it('turns markup into text, in element content and in either attribute quoting', () => {
    expect(escapeHtml(XSS)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml('</script>')).toBe('&lt;/script&gt;');
    expect(escapeHtml(`a "b" 'c'`)).toBe('a &quot;b&quot; &#39;c&#39;');
    expect(escapeHtml('AT&T &amp;')).toBe('AT&amp;T &amp;amp;');
  });

  it('drops control characters and terminal sequences, keeps tab and newline', () => {
    expect(escapeHtml('a\x00b\x07c\x1b[31mred\x1b[0m\x1b]0;title\x07d\x7f\x9b')).toBe('abcredd');
    expect(escapeHtml('x\ty\nz')).toBe('x\ty\nz');
  });

  it('keeps non-ASCII text and drops lone surrogates (not valid in XML)', () => {
    expect(escapeHtml('jävä 内存 🐘')).toBe('jävä 内存 🐘');
    expect(stripXmlInvalid('a\ud800b\udc00c\uffff')).toBe('abc');
  });

  it('accepts numbers', () => {
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('jsonForScript', () => {
  it('cannot close its <script> or open a comment, and parses back to the same strings', () => {
    const value = { name: '</script><script>alert(1)</script>', c: '<!-- x -->', amp: 'a&b', sep: 'l\u2028p\u2029' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('strips control characters from string values only', () => {
    expect(JSON.parse(jsonForScript({ n: 'a\x1b[31mb\x00', k: 5, l: ['x\ny'] }))).toEqual({ n: 'ab', k: 5, l: ['x\ny'] });
  });
});
