import { join } from 'node:path';
import { PACKAGE_ROOT } from '../native/build-paths.js';

// Why: where the built-in scenarios live, in a module of its own so `oomlab list` can find them
// without loading the runner (src/run/run-scenario.ts re-exports it).

/** Where the built-in scenarios live. */
export const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');
