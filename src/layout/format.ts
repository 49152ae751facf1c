import type { LayoutReport } from './report.js';

const hex = (n: bigint): string => `0x${n.toString(16)}`;

// Why: print the probe as the article did, with the region each address falls in beside it.
export function formatLayoutText(report: LayoutReport): string {
  const width = Math.max(...report.entries.map((e) => e.label.length));
  const lines = [`Memory layout of ${report.source === 'executable' ? 'the oomlab-hog executable' : 'this Node process'} (the article's mem_layout.c):`, ''];
  for (const e of report.entries) {
    const where = e.region
      ? `${e.relation === 'end' ? 'end of ' : ''}${e.region.class.padEnd(e.relation === 'end' ? 7 : 14)} ${hex(e.region.start)}-${hex(e.region.end)} ${e.region.perms} ${e.region.path}`
      : '(in no mapping)';
    lines.push(`${e.label.padEnd(width)}  ${hex(e.addr).padStart(14)}  ${where}`);
  }
  lines.push('', report.brk.explanation, '', 'Regions (/proc/self/maps, low to high):');
  for (const r of report.regions) lines.push(`  ${hex(r.start).padStart(14)}-${hex(r.end).padEnd(14)} ${r.perms}  ${r.class.padEnd(14)} ${r.path}`);
  return lines.join('\n');
}

// Why: JSON has no bigint; addresses become hex strings, the form /proc and the article use.
export function layoutToJson(report: LayoutReport): unknown {
  return JSON.parse(JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? hex(v) : v)));
}
