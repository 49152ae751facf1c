import { EnvironmentError } from '../errors/environment-error.js';
import { InputError } from '../errors/input-error.js';
import type { CgroupIo } from './io.js';
import { writeFailed } from './errors.js';
import type { HostRecorder } from '../state/recorder.js';

// cgroup v2 has no per-group swappiness. A scenario that asks for one on v2 may, if it says so, have the
// host's vm.swappiness changed for the run; the first change remembers the old value, the last release
// puts it back. Several groups asking for different values cannot all have them: that is refused.
// The old value is written to this harness's note (src/state) before the host is changed, so that if
// the harness is SIGKILLed, `oomlab cleanup` or the next run's stale sweep can put it back.

/** The host vm.swappiness as the run changed it. */
export interface HostSwappiness {
  /** Set it (or confirm the value already set for this run); returns a release function. */
  acquire(value: number, field: string): () => void;
}

const FILE = '/proc/sys/vm/swappiness';

// Why: one holder per root, so the restore happens once, after the last group that needed it is gone.
export function hostSwappiness(io: CgroupIo, allowed: boolean, recorder?: HostRecorder): HostSwappiness {
  let original: string | undefined;
  let current: number | undefined;
  let holders = 0;
  const path = io.at(FILE);
  return {
    acquire(value, field) {
      if (!allowed) {
        throw new EnvironmentError(
          `${field}: cgroup v2 has no per-group swappiness`,
          'allow the run to change the host vm.swappiness (restored afterwards), or drop swappiness from the scenario',
        );
      }
      if (current !== undefined && current !== value) {
        throw new InputError(field, `the same swappiness as the other groups on cgroup v2 (the host has one vm.swappiness, already ${current} for this run)`, String(value));
      }
      if (current === undefined) {
        const old = io.read(path).trim();
        recorder?.noteSwappiness(old, String(value));
        try {
          io.write(path, String(value));
        } catch (err) {
          recorder?.clearSwappiness();
          throw writeFailed(path, String(value), err);
        }
        original = old;
        current = value;
      }
      holders++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holders > 0 || original === undefined) return;
        io.write(path, original);
        recorder?.clearSwappiness();
        current = undefined;
        original = undefined;
      };
    },
  };
}
