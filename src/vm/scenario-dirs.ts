import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Document } from 'yaml';
import { InputError } from '../errors/input-error.js';
import type { Scenario } from '../scenario/types.js';

// A command participant's `cwd` is a directory of the host: the service, its scripts, its
// node_modules. The guest runs the scenario from a copy of its text, so a relative `cwd` would be
// resolved against the copy's directory there, where none of those files are. So a VM run writes each
// command's `cwd` as the absolute host path, and carries those directories into the guest at the same
// paths (the project layer of its initramfs). An initramfs lives in the guest's RAM, which is what the
// scenario measures, so what is carried is bounded, and the bound is said when it is passed.

/** The most a VM run carries of the host's directories into its guest. */
export const HOST_DIRS_MAX_BYTES = 64 * 2 ** 20;
const MAX_FILES = 20_000;

/** The directories a VM run carries in, and the bytes they hold. */
export interface HostDirs {
  dirs: string[];
  bytes: number;
}

// Why: the guest must find a command's working directory, with its files, where the host has it.
export function carryCommandDirs(scenario: Scenario, doc: Document): HostDirs {
  const dirs: string[] = [];
  let bytes = 0;
  let files = 0;
  scenario.participants.forEach((p, i) => {
    if (p.kind !== 'command' || p.command.cwd === undefined) return;
    const dir = resolve(scenario.baseDir ?? process.cwd(), p.command.cwd);
    doc.setIn(['participants', i, 'command', 'cwd'], dir);
    if (dirs.some((d) => dir === d || dir.startsWith(`${d}/`))) return;
    const field = `participants[${i}].command.cwd`;
    const size = treeSize(dir, field, scenario.file);
    bytes += size.bytes;
    files += size.files;
    if (bytes > HOST_DIRS_MAX_BYTES || files > MAX_FILES) {
      throw new InputError(field, `working directories of at most ${HOST_DIRS_MAX_BYTES / 2 ** 20} MiB and ${MAX_FILES} files in all for a VM run (they are carried into the guest's RAM)`, `${dir} (${(bytes / 2 ** 20).toFixed(1)} MiB, ${files} files so far)`, scenario.file);
    }
    for (let k = dirs.length - 1; k >= 0; k--) if (dirs[k]!.startsWith(`${dir}/`)) dirs.splice(k, 1);
    dirs.push(dir);
  });
  return { dirs, bytes };
}

// Files and bytes under dir, stopping early once past the bound; symbolic links to directories are
// not followed (a loop would never end), as the project layer does not follow them either.
function treeSize(dir: string, field: string, where: string | undefined): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (bytes > HOST_DIRS_MAX_BYTES || files > MAX_FILES) return;
      const path = join(d, name);
      const l = lstatSync(path);
      if (l.isDirectory()) walk(path);
      else if (l.isFile() || (l.isSymbolicLink() && isFile(path))) {
        files++;
        bytes += statSync(path).size;
      }
    }
  };
  try {
    walk(dir);
  } catch (err) {
    throw new InputError(field, 'a readable directory of the host', `${dir} (${(err as NodeJS.ErrnoException).code ?? err})`, where);
  }
  return { bytes, files };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
