import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// The guest hands results back as a tar archive written straight onto a raw virtio disk (no
// filesystem, no network, no 9p): the host's tar reads the image file and stops at the archive's end.

/** What came back from the guest. */
export interface GuestResults {
  /** The guest's kernel log (`dmesg`), saved after the command ended. */
  kmsg: string;
  /** The command's exit code as the guest's init saw it. */
  exitCode: number | undefined;
  /** Files the command wrote under /results, by path relative to it. */
  files: Record<string, Buffer>;
}

// Why: unpack the results disk into a directory and read what it holds.
export function readResultsDisk(image: string, into: string): GuestResults {
  mkdirSync(into, { recursive: true });
  try {
    execFileSync('tar', ['-xf', image, '-C', into, '--no-same-owner'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    // an empty (all-zero) or partly written disk: take what was extracted
  }
  const kmsgPath = join(into, 'oomlab', 'kmsg.txt');
  const codePath = join(into, 'oomlab', 'exit-code');
  const code = existsSync(codePath) ? Number.parseInt(readFileSync(codePath, 'utf8'), 10) : Number.NaN;
  return {
    kmsg: existsSync(kmsgPath) ? readFileSync(kmsgPath, 'utf8') : '',
    exitCode: Number.isInteger(code) ? code : undefined,
    files: readTree(join(into, 'results')),
  };
}

function readTree(root: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  if (!existsSync(root)) return files;
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath ?? e.path, e.name);
    if (e.isFile()) files[relative(root, path)] = readFileSync(path);
  }
  return files;
}
