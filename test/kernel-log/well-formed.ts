import type { OomEvent } from '../../src/kernel-log/index.js';

const CONSTRAINTS = new Set(['global', 'memcg', 'cpuset', 'mempolicy']);

// Why: the fuzz tests' oracle. Every event any input produces must have this shape: numbers finite,
// pids whole, names strings, constraint one of four, and no field present with an undefined value.
export function wellFormedProblems(events: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(events)) return ['not an array'];
  events.forEach((e: OomEvent, i) => {
    const at = (what: string) => problems.push(`event ${i}: ${what}`);
    if (typeof e !== 'object' || e === null) return at('not an object');
    walk(e, `event ${i}`, problems);
    if (e.constraint !== undefined && !CONSTRAINTS.has(e.constraint)) at(`constraint ${String(e.constraint)}`);
    const pids = [e.victim?.pid, e.trigger?.pid, e.reaped?.pid, ...(e.tasks ?? []).map((t) => t.pid)];
    for (const pid of pids) if (pid !== undefined && !Number.isSafeInteger(pid)) at(`pid ${pid}`);
    for (const t of e.tasks ?? []) if (typeof t.name !== 'string') at('task without a name');
    if (e.victim === undefined && !e.truncated && !e.panic) at('no victim, yet neither truncated nor a panic');
  });
  return problems;
}

function walk(value: unknown, path: string, problems: string[]): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, problems));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) problems.push(`${path}.${k} is present but undefined`);
      walk(v, `${path}.${k}`, problems);
    }
  } else if (typeof value !== 'string' && typeof value !== 'boolean') problems.push(`${path} has type ${typeof value}`);
}
