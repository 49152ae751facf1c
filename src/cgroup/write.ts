import { join } from 'node:path';
import type { CgroupIo } from './io.js';
import { writeFailed } from './errors.js';

// Why: every control-file write in the layer goes through one function so failures read the same.
export function writeControl(io: CgroupIo, dir: string, file: string, value: string): void {
  const path = join(dir, file);
  try {
    io.write(path, value);
  } catch (err) {
    throw writeFailed(path, value, err);
  }
}
