import { describe, expect, it } from 'vitest';
import { fitLine, liveLines } from '../../src/cli/live-lines.js';
import type { LiveView } from '../../src/run/live-view.js';

const MiB = 2 ** 20;
type Row = LiveView['instances'][number];
const row = (name: string, over: Partial<Row> = {}): Row => ({ name, state: 'running', rss: MiB, vsz: 2 * MiB, swap: 0, oomKills: 0, restarts: 0, ...over });
const view = (instances: Row[]): LiveView => ({ elapsedMs: 1500, instances, cgroups: [], oomKills: instances.filter((i) => i.oomKills).length });

describe("oomlab run's live display fits the terminal", () => {
  it('a few participants: a header and a line each, none wider than the terminal less a column', () => {
    const lines = liveLines(view([row('test_mem1', { rss: 300 * MiB, vsz: 3072 * MiB }), row('test_mem2'), row('test_mem3', { state: 'waiting', rss: 0, vsz: 0 })]), 80, 24);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('1.5s  OOM kills: 0');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(79);
    expect(lines[1]).toBe('test_mem1        running  rss .....    300 MiB  vsz   3.00 GiB  swap        0 B');
    expect(lines[3]).toMatch(/^test_mem3\s+waiting /);
    // wider terminal, wider bar (at most 20)
    const wide = liveLines(view([row('a', { rss: MiB, vsz: MiB })]), 200, 24);
    expect(wide[1]).toContain(`rss ${'#'.repeat(20)} `);
  });

  it('1000 participants on 80x24: 23 lines, the OOM-killed and the largest shown in order, the rest counted', () => {
    const all = Array.from({ length: 1000 }, (_, k) => row(`hog-${k + 1}`, { rss: (k % 97) * MiB, state: k % 10 === 0 ? 'ended' : 'running' }));
    all[500] = row('hog-501', { state: 'ended', rss: 0, oomKills: 1 });
    all[999] = row('hog-1000', { rss: 4096 * MiB });
    const lines = liveLines(view(all), 80, 24);
    expect(lines).toHaveLength(23); // rows - 1: the cursor's row stays below the block
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(79);
    const shown = lines.slice(1, -1).map((l) => l.split(/\s+/)[0]!);
    expect(shown).toHaveLength(21);
    expect(shown).toContain('hog-501');
    expect(shown).toContain('hog-1000');
    expect(lines.find((l) => l.startsWith('hog-501 '))).toMatch(/^hog-501 +ended {4}oom-killed x1 rss /);
    const numbers = shown.map((n) => Number(n.slice(4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const last = lines.at(-1)!;
    const m = /^… (\d+) more: (\d+) running, (\d+) waiting, (\d+) ended$/.exec(last);
    expect(m, last).not.toBeNull();
    expect(Number(m![1])).toBe(979);
    expect(Number(m![2]) + Number(m![3]) + Number(m![4])).toBe(979);
  });

  it('a narrow terminal cuts each line with an ellipsis and drops the bar', () => {
    const lines = liveLines(view([row('a-rather-long-participant-name', { oomKills: 2, state: 'ended' })]), 40, 10);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(39);
    expect(lines[1]!.endsWith('…')).toBe(true);
    // the OOM kill stays in view where the sizes do not
    expect(liveLines(view([row('a-rather-long-participant-name', { oomKills: 2, state: 'ended' })]), 60, 10)[1]).toMatch(/^a-rather-long-participant-name ended {4}oom-killed x2 rss .*…$/);
    expect(lines[1]).not.toContain('#');
    expect(lines[1]).not.toContain('.....');
  });

  it('a tiny terminal still gets the header and one line', () => {
    const lines = liveLines(view([row('a'), row('b'), row('c')]), 80, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^… 3 more: 3 running, 0 waiting, 0 ended$/);
  });

  it('fitLine: unchanged when it fits, cut to the width less a column otherwise (80 when unknown)', () => {
    expect(fitLine('short', 80)).toBe('short');
    expect(fitLine('x'.repeat(100), undefined)).toHaveLength(79);
    expect(fitLine('x'.repeat(100), 20)).toBe(`${'x'.repeat(18)}…`);
  });
});
