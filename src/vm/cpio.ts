// The initramfs is a cpio archive in the "newc" format. The format is small (a 110-byte ASCII
// header, the name, the data, each padded to 4 bytes), so it is written here rather than requiring a
// host `cpio`, which Debian does not install by default.

/** One entry of an initramfs. */
export type CpioEntry =
  | { path: string; kind: 'file'; data: Buffer; mode?: number }
  | { path: string; kind: 'dir'; mode?: number }
  | { path: string; kind: 'symlink'; target: string }
  | { path: string; kind: 'char'; major: number; minor: number; mode?: number };

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

// Why: turn a list of files, directories, links and device nodes into a newc archive the kernel unpacks.
export function writeCpio(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const push = (name: string, mode: number, data: Buffer, rdev: [number, number] = [0, 0]): void => {
    const nameBuf = Buffer.from(`${name}\0`);
    const fields = [ino++, mode, 0, 0, mode & S_IFDIR ? 2 : 1, 0, data.length, 0, 0, rdev[0], rdev[1], nameBuf.length, 0];
    const header = `070701${fields.map((n) => n.toString(16).padStart(8, '0')).join('')}`;
    parts.push(Buffer.from(header), nameBuf, pad(110 + nameBuf.length));
    parts.push(data, pad(data.length));
  };
  for (const e of entries) {
    const name = e.path.replace(/^\/+/, '');
    if (e.kind === 'file') push(name, S_IFREG | (e.mode ?? 0o644), e.data);
    else if (e.kind === 'dir') push(name, S_IFDIR | (e.mode ?? 0o755), Buffer.alloc(0));
    else if (e.kind === 'symlink') push(name, S_IFLNK | 0o777, Buffer.from(e.target));
    else push(name, S_IFCHR | (e.mode ?? 0o600), Buffer.alloc(0), [e.major, e.minor]);
  }
  push('TRAILER!!!', 0, Buffer.alloc(0));
  return Buffer.concat(parts);
}

function pad(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
