// Sizes in an explanation: binary units, three significant figures, so "10.6 MiB" and "1.74 GiB"
// read the same way the article's numbers do.

// Why: every size in the explanation goes through one formatter.
export function formatKb(kb: number): string {
  if (!Number.isFinite(kb)) return `${kb} kB`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = kb;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = Math.abs(value) >= 100 || unit === 0 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A cgroup limit this large means "no limit" (the kernel prints PAGE_COUNTER_MAX in kB). */
export const UNLIMITED_KB = 2 ** 50;

// Why: "limit 9007199254740988kB" is the kernel's way of saying unlimited; say so.
export function formatLimitKb(kb: number): string {
  return kb >= UNLIMITED_KB ? 'no limit' : formatKb(kb);
}
