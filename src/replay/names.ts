// A report's process names are whatever the kernel's comm held (up to 15 bytes, any bytes but NUL):
// spaces, slashes, colons, upper case, control characters. A participant's name must pass the
// scenario's name rule (scenario/names.ts), so each task name is mapped onto it here; the replay keeps
// the original name beside it, so nothing is lost for the user.

const RESERVED = new Set(['tasks', 'notify_on_release', 'release_agent', 'rest', 'ballast']);
/** Room for a `-12` suffix and still within the 48-character rule. */
const MAX_BASE = 40;

// Why: one spelling rule for every task name that becomes a participant name.
export function sanitizeName(original: string): string {
  let s = original.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '');
  if (!/^[a-z]/.test(s)) s = `t${s ? `_${s}` : ''}`;
  s = s.slice(0, MAX_BASE).replace(/[_-]+$/, '');
  if (RESERVED.has(s)) s = `${s}_task`;
  return s;
}

// Why: tasks that share a name (two `java`, the article's two `test_mem`) keep one participant each:
// `java-1`, `java-2`, numbered in the order given; a name that is unique stays as it is.
export function participantNames(originals: readonly string[]): string[] {
  const bases = originals.map(sanitizeName);
  const total = new Map<string, number>();
  for (const b of bases) total.set(b, (total.get(b) ?? 0) + 1);
  const taken = new Set<string>();
  const seen = new Map<string, number>();
  return bases.map((b) => {
    if (total.get(b) === 1 && !taken.has(b)) {
      taken.add(b);
      return b;
    }
    let n = seen.get(b) ?? 0;
    let name: string;
    do name = `${b}-${++n}`;
    while (taken.has(name));
    seen.set(b, n);
    taken.add(name);
    return name;
  });
}
