import type { HogOptions } from '../hog/options.js';
import { toRawConfig } from './config.js';
import { toNativeError } from './errors.js';
import { loadAddon, type HogRecord, type RawLayout, type RawSampler, type RawSamplerConfig } from './loader.js';

// Why: the in-process probe, with native failures as NativeError.
export function nativeLayout(): RawLayout {
  try {
    return loadAddon().layout();
  } catch (err) {
    throw toNativeError(err);
  }
}

/** Options for an in-process hog run. */
export interface InProcessHogControl {
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
  let handle: ReturnType<ReturnType<typeof loadAddon>['hog']>;
  try {
    handle = loadAddon().hog(toRawConfig(options, progressEveryNs), onProgress);
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

// Why: the native sampling thread, created with its failures as NativeError; callers validate the config.
export function nativeSampler(config: RawSamplerConfig): RawSampler {
  try {
    return new (loadAddon().Sampler)(config);
  } catch (err) {
    throw toNativeError(err);
  }
}
