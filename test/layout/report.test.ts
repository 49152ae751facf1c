import { describe, expect, it } from 'vitest';
import { probeExecutable, probeInProcess } from '../../src/layout/probe.js';
import { buildLayoutReport, type LayoutReport } from '../../src/layout/report.js';
import { oomlab } from '../helpers/cli.js';

function expectEveryAddressInItsRegion(report: LayoutReport): void {
  for (const e of report.entries) {
    expect(e.region, `${e.label} has a region`).toBeDefined();
    const r = e.region!;
    if (e.relation === 'inside') {
      expect(e.addr >= r.start && e.addr < r.end, `${e.label} inside ${r.class}`).toBe(true);
    } else {
      // The program break is the end of [heap], one past its last byte.
      expect(e.relation).toBe('end');
      expect(r.class).toBe('heap');
      expect(e.addr).toBe(r.end);
    }
  }
}

describe('the layout probe in the oomlab-hog executable (the article\'s mem_layout)', () => {
  it('places every address in the maps region it names, in the article\'s order', async () => {
    const report = buildLayoutReport(await probeExecutable(), 'executable');
    expectEveryAddressInItsRegion(report);
    const cls = Object.fromEntries(report.entries.map((e) => [e.label, e.region!.class]));
    expect(cls['Address of function main']).toBe('text');
    expect(cls['Address of global_num (initialised)']).toBe('rodata/data');
    expect(cls['Address of global_str_arr (zeroed) last byte']).toBe('bss');
    expect(cls['Bot of stack is']).toBe('stack');
    expect(cls['Address of heap_var is']).toBe('heap');
    // Low to high, as in the article: text < data < heap < stack.
    const addr = (label: string): bigint => report.entries.find((e) => e.label === label)!.addr;
    expect(addr('Address of function main') < addr('Address of global_num (initialised)')).toBe(true);
    expect(addr('Address of global_num (initialised)') < addr('Address of heap_var is')).toBe(true);
    expect(addr('Address of heap_var is') < addr('Bot of stack is')).toBe(true);
    // The stack grows down: the second local is below the first.
    expect(addr('Top of stack is') < addr('Bot of stack is')).toBe(true);
  });

  it('the 127 KiB malloc moves the break up, and the output explains what free() did', async () => {
    const raw = await probeExecutable();
    const report = buildLayoutReport(raw, 'executable');
    expect(report.brk.servedFrom).toBe('heap');
    expect(raw.brkAfterMalloc > raw.brkBefore).toBe(true);
    expect(report.brk.movedUpBytes).toBeGreaterThanOrEqual(127 * 1024);
    // The block ends inside the new stretch of heap, as in the article (0x8486008, break 0x84c6000).
    expect(raw.mallocAddr + BigInt(raw.mallocSize) > raw.brkBefore && raw.mallocAddr + BigInt(raw.mallocSize) <= raw.brkAfterMalloc).toBe(true);
    // As in the article, free() gives most of it back: the break falls, but not all the way (M_TOP_PAD stays).
    expect(report.brk.movedDownBytes).toBeGreaterThan(0);
    expect(raw.brkAfterFree > raw.brkBefore).toBe(true);
    expect(report.brk.explanation).toMatch(/After free\(\) it moved down by \d+ KiB/);
  });
});

describe('the layout probe in this process (the addon)', () => {
  it('places every address in the maps region it names, the function in oomlab.node', () => {
    const report = buildLayoutReport(probeInProcess(), 'in-process');
    expectEveryAddressInItsRegion(report);
    const fn = report.entries[0]!;
    expect(fn.region!.class).toBe('text');
    expect(fn.region!.path).toMatch(/oomlab\.node$/);
    expect(['heap', 'mmap']).toContain(report.brk.servedFrom);
    // The explanation starts by saying where the block came from, as the probe found it.
    const heapStart = /^The break (moved up by [\d.]+ KiB: the 127 KiB block came from the brk heap|did not move: the heap already had room for the 127 KiB block)/;
    expect(report.brk.explanation).toMatch(report.brk.servedFrom === 'mmap' ? /^glibc served the 127 KiB block with mmap\(\), not from the brk heap/ : heapStart);
  });
});

describe('oomlab layout', () => {
  it('prints the article\'s lines beside their regions, and JSON with hex addresses', async () => {
    const text = await oomlab(['layout']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^Address of function main\s+0x[0-9a-f]+\s+text\s/m);
    expect(text.stdout).toMatch(/^Top of heap after free is\s+0x[0-9a-f]+\s+(end of heap|heap)\s/m);
    const json = await oomlab(['layout', '--json']);
    const parsed = JSON.parse(String(json.stdout)) as { entries: Array<{ addr: string; region: { class: string } }> };
    expect(parsed.entries).toHaveLength(11);
    for (const e of parsed.entries) expect(e.addr).toMatch(/^0x[0-9a-f]+$/);
  });
});
