import { createRequire } from 'node:module';
import { findBuildArtifact } from './build-paths.js';

// The one place that loads oomlab.node. The addon has six faces, and each is typed and wrapped by
// the module that owns its contract: hog() by src/engine/in-process.ts, layout() by
// src/layout/probe.ts, Sampler by src/proc/native-sampler.ts, FdWatch and seekEnd() by src/native/fd-watch.ts,
// threadSched()/setThreadSched() by src/host/harness-priority.ts. This file knows none of their shapes.

/** The addon's exports. */
type AddonExport = 'hog' | 'layout' | 'Sampler' | 'FdWatch' | 'seekEnd' | 'threadSched' | 'setThreadSched';

let cached: Record<AddonExport, unknown> | undefined;

// Why: load lazily, so commands that need no native code (explain, scenario checks) work without a
// build; the caller declares the export's type, since its own module holds that contract.
export function addonExport<T>(name: AddonExport): T {
  cached ??= createRequire(import.meta.url)(findBuildArtifact('oomlab.node')) as Record<AddonExport, unknown>;
  return cached[name] as T;
}

// Why: where the addon only makes things better (a watch thread, a seek, a priority), the caller goes
// on without it: undefined when there is no build, or the build predates the export.
export function optionalAddonFunction<T>(name: AddonExport): T | undefined {
  let found: unknown;
  try {
    found = addonExport<unknown>(name);
  } catch {
    return undefined;
  }
  return typeof found === 'function' ? (found as T) : undefined;
}
