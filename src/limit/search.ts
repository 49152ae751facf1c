import { InputError } from '../errors/input-error.js';
import { readMemInfo } from '../proc/meminfo.js';
import type { RunResult } from '../result/types.js';
import { resolveScenarioPath, runLoadedScenario, type ScenarioRunOptions } from '../run/run-scenario.js';
import { loadScenario, validateScenario, type ScenarioInput } from '../scenario/index.js';
import type { Scenario } from '../scenario/types.js';
import { ladder, resolveBounds, withLimit, type SearchBounds } from './bounds.js';
import { SEARCH_SCHEMA, type LimitSearch, type SearchDocument, type SearchTry } from './document.js';
import { parseSearchFlags } from './flag.js';
import { failureReason } from './reason.js';

// The limit search: the smallest limit at which the scenario's own expectations still pass. Each
// value is tried by real runs (run/ does them: cgroups made and removed, participants started and
// stopped, exactly as `oomlab run`). HIGH is tried first (if it fails there is nothing to find),
// then LOW (if it holds, the answer is <= LOW), then the ladder between them is bisected: the
// largest failing and the smallest holding index close in until they are one step apart. Holding is
// assumed monotonic (more memory never breaks a passing scenario); `repeat` guards against a flaky
// pass near the edge, since a value holds only when all its runs pass.

/** What `findLimit` takes besides the scenario: the flags of `oomlab run --find-limit`, and a run's options. */
export interface FindLimitOptions extends ScenarioRunOptions {
  /** What to search, as `--find-limit` takes it: `memory`, `memory=32M..512M`, `swap=0..1G`. */
  search: string;
  /** The step between values (a size, as `--step`); default 4M. */
  step?: string;
  /** Runs per value; a value holds when all pass. Default 1. */
  repeat?: number | string;
  /** The scenario's group whose limit is searched, instead of the run's own cgroup. */
  group?: string;
  /** Called once the bounds are known, before the first run. */
  onPlan?: (bounds: SearchBounds) => void;
  /** Called before each run: the value, which run of its repeats (1-based), the try's index (0-based). */
  onRunStart?: (valueBytes: number, run: number, tryIndex: number) => void;
  /** Called as each try is decided. */
  onTry?: (t: SearchTry, tryIndex: number) => void;
}

// Why: the library's entry point (and the CLI's): a scenario object or file/built-in name in, the
// search document `--json` writes out. Bad flags are InputErrors before anything is created.
export async function findLimit(scenario: string | ScenarioInput, opts: FindLimitOptions): Promise<SearchDocument> {
  const source = typeof scenario === 'string' ? resolveScenarioPath(scenario) : undefined;
  const loaded = source !== undefined ? await loadScenario(source) : validateScenario(scenario as ScenarioInput);
  return searchLoaded(loaded, opts, source);
}

// Why: the CLI has loaded the scenario already (to check it before anything else).
export async function searchLoaded(scenario: Scenario, opts: FindLimitOptions, source?: string): Promise<SearchDocument> {
  if (typeof opts.search !== 'string') throw new InputError('search', 'what to search, as --find-limit takes it (memory=32M..512M)');
  const req = parseSearchFlags(opts.search, { step: opts.step, repeat: opts.repeat === undefined ? undefined : String(opts.repeat), group: opts.group });
  const m = readMemInfo();
  const bounds = resolveBounds(scenario, req, { memTotal: m.memTotal, memAvailable: m.memAvailable, swapTotal: m.swapTotal });
  opts.onPlan?.(bounds);
  const values = ladder(bounds);
  const tries: SearchTry[] = [];
  const { search: _s, step: _st, repeat: _r, group: _g, onPlan: _p, onTry, onRunStart, ...runOpts } = opts;
  const stopped = (): boolean => opts.signal?.aborted === true;

  const attempt = async (valueBytes: number): Promise<SearchTry> => {
    const runs: RunResult[] = [];
    // Stopped between tries: nothing was tried, nothing is recorded.
    if (stopped()) return { valueBytes, verdict: 'stopped', runs };
    let t: SearchTry = { valueBytes, verdict: 'holds', runs };
    for (let i = 1; i <= bounds.repeat; i++) {
      if (stopped()) break;
      onRunStart?.(valueBytes, i, tries.length);
      const r = await runLoadedScenario(withLimit(scenario, bounds, valueBytes), runOpts, source);
      runs.push(r);
      if (stopped()) break;
      if (r.verdict !== 'pass') {
        t = { valueBytes, verdict: 'fails', reason: failureReason(r), runs };
        break;
      }
    }
    if (stopped()) t = { valueBytes, verdict: 'stopped', runs };
    tries.push(t);
    onTry?.(t, tries.length - 1);
    return t;
  };

  const done = (answerBytes: number | null, status: LimitSearch['status']): SearchDocument => ({
    schema: SEARCH_SCHEMA,
    scenario: { name: scenario.name, ...(source !== undefined ? { source } : {}) },
    search: { key: bounds.key, group: bounds.group, lowBytes: bounds.lowBytes, highBytes: bounds.highBytes, stepBytes: bounds.stepBytes, repeat: bounds.repeat, maxTries: bounds.maxTries, answerBytes, status, tries },
  });

  const high = await attempt(bounds.highBytes);
  if (high.verdict === 'stopped') return done(null, 'stopped');
  if (high.verdict === 'fails') return done(null, 'high-fails');
  const low = await attempt(bounds.lowBytes);
  if (low.verdict === 'stopped') return done(null, 'stopped');
  if (low.verdict === 'holds') return done(bounds.lowBytes, 'at-most-low');
  let lo = 0;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const t = await attempt(values[mid]!);
    if (t.verdict === 'stopped') return done(null, 'stopped');
    if (t.verdict === 'holds') hi = mid;
    else lo = mid;
  }
  return done(values[hi]!, 'found');
}
