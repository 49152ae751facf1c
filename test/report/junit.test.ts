import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import type { RunResult } from '../../src/result/types.js';
import { resultFixture } from '../helpers/results.js';

const fixture = resultFixture;
const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('renderJunit', () => {
  it('writes one testsuite per run and one testcase per assertion, with failures', () => {
    const failing: RunResult = structuredClone(fixture('contention-two.json'));
    failing.assertions[1] = { ...failing.assertions[1]!, passed: false, actual: 'idle: 12.0 MiB' };
    failing.verdict = 'fail';
    const xml = renderJunit([fixture('touched-oom.json'), failing]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="oomlab" tests="8" failures="1"')).toBe(true);
    expect(count(xml, '<testsuite ')).toBe(2);
    expect(count(xml, '</testsuite>')).toBe(2);
    expect(count(xml, '<testcase ')).toBe(8);
    expect(count(xml, '<failure ')).toBe(1);
    expect(xml).toContain('<testsuite name="contention-two" tests="4" failures="1" errors="0" skipped="0" time="10.252"');
    expect(xml).toContain(
      '<testcase name="idle: peak swap at least 64.0 MiB" classname="oomlab.contention-two" time="0">\n' +
        '      <failure message="expected peak swap &gt;= 64.0 MiB, got idle: 12.0 MiB" type="assertion">expected peak swap &gt;= 64.0 MiB, got idle: 12.0 MiB</failure>',
    );
    expect(xml).toContain('<testcase name="test_mem2: outcome is oom-killed" classname="oomlab.touched-oom" time="0"/>');
  });

  it('escapes a hostile process name everywhere and removes characters XML 1.0 forbids', () => {
    const r = fixture('touched-oom.xss.json');
    r.assertions[0]!.passed = false;
    r.assertions[0]!.actual = 'a\x00b\x1b[31m"c"\x07';
    r.scenario.name = 'x"y&z\x01';
    const xml = renderJunit([r]);
    expect(xml).not.toContain('<img');
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
    expect(xml).toContain('&lt;img src=x onerror=window.__xss=1&gt;');
    expect(xml).toContain('got ab&quot;c&quot;"');
    expect(xml).toContain('<testsuite name="x&quot;y&amp;z"');
    expect(xml).toContain('classname="oomlab.x&quot;y&amp;z"');
    // The only `<` in the document are its own tags.
    const tags = xml.split('<').slice(1).map((t) => t.split(/[\s/>]/)[0]);
    expect(new Set(tags)).toEqual(new Set(['?xml', 'testsuites', 'testsuite', 'properties', 'property', 'testcase', 'failure', 'system-out', '']));
  });
});
