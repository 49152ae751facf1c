import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMergeInputs } from '../../src/merge/read-input.js';
import { formatMergedSummary, renderMergedHtml, renderMergedJunit } from '../../src/merge/reports.js';
import { parseXml, type XmlElement } from '../helpers/xml.js';

// Three results of two machines, one failing: a JUnit testsuite per host, read back as a tree.
const FLEET = join(import.meta.dirname, '../fixtures/results/fleet');
const THREE = [join(FLEET, 'vm.touched-oom.json'), join(FLEET, 'vm.contention-two.json'), `guest=${join(FLEET, 'guest.contention-two.json')}`];
const kids = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);

describe('oomlab merge: reports', () => {
  it('writes JUnit with one testsuite per host, its cases the expectations of every run on it', () => {
    const doc = parseXml(renderMergedJunit(readMergeInputs(THREE)));
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toMatchObject({ name: 'oomlab', tests: '12', failures: '3', errors: '0' });
    const suites = kids(doc, 'testsuite');
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['vm@6.18.44-fc-v1252', '8', '0'],
      ['guest', '4', '3'],
    ]);
    const props = (s: XmlElement): Record<string, string> => Object.fromEntries(kids(kids(s, 'properties')[0]!, 'property').map((p) => [p.attrs.name!, p.attrs.value!]));
    expect(props(suites[0]!)).toMatchObject({ hostname: 'vm', kernel: '6.18.44-fc-v1252', cgroupVersion: '1', runs: '2', verdict: 'pass', oomKills: '1' });
    expect(props(suites[1]!)).toMatchObject({ hostname: '(not recorded)', kernel: '6.1.0-57-cloud-amd64', cgroupVersion: '2', runs: '1', verdict: 'fail', oomKills: '1' });
    const classes = (s: XmlElement): string[] => [...new Set(kids(s, 'testcase').map((c) => c.attrs.classname!))];
    expect(classes(suites[0]!)).toEqual(['oomlab.vm@6.18.44-fc-v1252.touched-oom', 'oomlab.vm@6.18.44-fc-v1252.contention-two']);
    expect(classes(suites[1]!)).toEqual(['oomlab.guest.contention-two']);
    const failed = kids(suites[1]!, 'testcase').filter((c) => kids(c, 'failure').length);
    expect(failed.map((c) => c.attrs.name)).toEqual(['idle: outcome is survived', 'idle: peak swap at least 64.0 MiB', "the scenario's cgroup: oom_kill count is 0"]);
    expect(kids(failed[0]!, 'failure')[0]!.attrs.message).toBe('expected survived, got idle: oom-killed');
    expect(kids(suites[0]!, 'system-out')[0]!.text).toContain('contention-two: 10.90s on 6.18.44-fc-v1252');
  });

  it('prefixes the cases of a matrix run with its value', () => {
    const m = readMergeInputs([join(FLEET, 'vm.touched-oom.json')]);
    m.runs[0]!.variant = 'swappiness=60';
    const doc = parseXml(renderMergedJunit(m));
    expect(kids(kids(doc, 'testsuite')[0]!, 'testcase')[0]!.attrs.name).toBe('[swappiness=60] test_mem2: outcome is oom-killed');
  });

  it('prints a table per scenario and the totals; titles the page by runs and hosts', () => {
    const m = readMergeInputs(THREE);
    const text = formatMergedSummary(m);
    expect(text.split('\n')[0]).toBe('touched-oom');
    expect(text).toMatch(/^guest +fail +idle oom-killed \(SIGKILL\), active completed +idle +3\.05s/m);
    expect(text.endsWith('3 runs from 2 hosts: 2 passed, 1 failed')).toBe(true);
    expect(renderMergedHtml(m)).toContain('<title>oomlab: 3 runs from 2 hosts</title>');
  });
});

describe('the test XML reader', () => {
  it('refuses what is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a x=1/>')).toThrow();
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow();
    expect(() => parseXml('<a/><b/>')).toThrow();
    expect(parseXml('<?xml version="1.0"?>\n<a k="&lt;&#39;">x &amp; y<b/></a>\n')).toEqual({ name: 'a', attrs: { k: "<'" }, children: [{ name: 'b', attrs: {}, children: [], text: '' }], text: 'x & y' });
  });
});
