import { describe, expect, it } from 'vitest';
import { fleetCells, fleetSectionsHtml, fleetTables, formatFleetTables } from '../../src/report/fleet.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { resultFixture } from '../helpers/results.js';

// Results of many machines side by side: a table per scenario, a row per labelled run.
const a = resultFixture('fleet/vm.touched-oom.json');
const b = resultFixture('fleet/vm.contention-two.json');
const c = resultFixture('fleet/guest.contention-two.json');

describe('fleet tables', () => {
  it('groups runs by scenario, first appearance first, and keeps each row to its run', () => {
    const tables = fleetTables([a, b, c], ['vm', 'vm', 'guest']);
    expect(tables.map((t) => [t.scenario, t.rows.map((r) => `${r.label}#${r.run}`)])).toEqual([
      ['touched-oom', ['vm#0']],
      ['contention-two', ['vm#1', 'guest#2']],
    ]);
    const [head, pass, fail] = fleetCells(tables[1]!.rows);
    expect(head).toEqual(['host', 'verdict', 'outcome', 'OOM victim', 'first OOM', 'peak RSS', 'peak swap', 'runtime', 'machine']);
    expect(pass!.slice(0, 4)).toEqual(['vm', 'pass', 'idle completed, active completed', 'nobody']);
    expect(fail!.slice(0, 5)).toEqual(['guest', 'fail', 'idle oom-killed (SIGKILL), active completed', 'idle', '3.05s']);
    expect(fail![8]).toBe('6.1.0-57-cloud-amd64, cgroup v2, RAM 955 MiB, swap 48.0 MiB, in a VM');
  });

  it('prints plain text on a terminal, whatever the result says', () => {
    const hostile = structuredClone(c);
    hostile.scenario.name = 'x\x1b]0;pwned\x07\ny';
    hostile.participants[0]!.name = 'idle\x1b[2J';
    const text = formatFleetTables(fleetTables([hostile], ['guest']));
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text.split('\n')[0]).toBe('x y');
    expect(text).toContain('idle oom-killed (SIGKILL)');
  });

  it('escapes every cell in HTML and links each host to its run', () => {
    const hostile = structuredClone(c);
    hostile.participants[0]!.name = '<img src=x>';
    const html = fleetSectionsHtml(fleetTables([a, hostile], ['vm', '<b>"guest"</b>']));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<a href="#run-1">&lt;b&gt;&quot;guest&quot;&lt;/b&gt;</a>');
    expect(html).toContain('<span class="outcome-oom-killed">&lt;img src=x&gt; oom-killed (SIGKILL)</span>');
  });

  it('is part of the page with fleet labels, each run headed by its label and host name', () => {
    const html = renderHtmlReport([a, c], { fleet: { labels: ['vm@6.18.44-fc-v1252', 'guest'] } });
    expect(html).toContain('<section class="fleet" data-scenario="touched-oom">');
    expect(html).toContain('<h2>guest &middot; contention-two');
    expect(html).toContain('host vm &middot; kernel 6.18.44-fc-v1252');
    expect(renderHtmlReport([a])).not.toContain('class="fleet"');
  });
});
