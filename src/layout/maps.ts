// Why: /proc/<pid>/maps is the ground truth for "which region is this address in"; parse it once.

/** One line of /proc/<pid>/maps. */
export interface MapRegion {
  start: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  dev: string;
  inode: number;
  path: string;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S{4})\s+([0-9a-f]+)\s+(\S+)\s+(\d+)\s*(.*)$/;

// Why: addresses are 64-bit, so they are bigint throughout; malformed lines are skipped, not fatal.
export function parseMaps(text: string): MapRegion[] {
  const regions: MapRegion[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    regions.push({
      start: BigInt(`0x${m[1]}`),
      end: BigInt(`0x${m[2]}`),
      perms: m[3]!,
      offset: BigInt(`0x${m[4]}`),
      dev: m[5]!,
      inode: Number(m[6]),
      path: m[7]!.trim(),
    });
  }
  return regions;
}

// Why: the region an address falls in, or undefined when it is in no mapping.
export function regionOf(regions: readonly MapRegion[], addr: bigint): MapRegion | undefined {
  return regions.find((r) => addr >= r.start && addr < r.end);
}
