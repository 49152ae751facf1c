import { addonExport } from '../native/loader.js';
import { toNativeError } from '../native/errors.js';
import { toEngineConfig, type EngineConfig } from './config.js';
import type { HogOptions } from './options.js';
import type { HogRecord } from './record.js';

/** The addon's hog(): the engine on a worker thread, stoppable, resolving with the final counts. */
type AddonHog = (config: EngineConfig, onEvent?: (record: HogRecord) => void) => { promise: Promise<HogRecord>; stop(): void };

/** Options for an in-process hog run. */
interface InProcessHogControl {
  /** Called with each progress record (at a bounded rate), on the main thread. */
  onProgress?: (record: HogRecord) => void;
  /** Aborting stops the engine: it ends its hold (or its allocation loop) and frees everything. */
  signal?: AbortSignal;
  progressEveryNs?: number;
}

// Why: run the engine inside this Node process (a leaking Node service) off the main thread; it
// resolves with the final counts, the same record the executable writes last.
export async function hogInProcess(options: HogOptions, control: InProcessHogControl = {}): Promise<HogRecord> {
  const { onProgress, signal, progressEveryNs } = control;
  let handle: ReturnType<AddonHog>;
  try {
    handle = addonExport<AddonHog>('hog')(toEngineConfig(options, progressEveryNs), onProgress);
  } catch (err) {
    throw toNativeError(err);
  }
  const stop = (): void => handle.stop();
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    return await handle.promise;
  } catch (err) {
    throw toNativeError(err);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
