import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunResult } from '../../src/result/parse.js';
import type { RunResult } from '../../src/result/types.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'results');

// Why: a captured result, checked against oomlab/result@2 as it is read (a fixture that drifted from
// the schema fails here, not silently in a report test); a fresh copy each call.
export function resultFixture(name: string): RunResult {
  return parseRunResult(readFileSync(join(DIR, name)), `test/fixtures/results/${name}`);
}
