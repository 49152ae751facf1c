import { printable, readTarImage, type TarLimits } from './tar-reader.js';

// The guest hands results back as a tar archive written straight onto a raw virtio disk (no
// filesystem, no network, no 9p). The guest's init writes its own records (the kernel log, the
// command's exit code) from outside the command's chroot, under `oomlab/`, and the command's files
// under `newroot/results/`; the host parses the archive itself (tar-reader.ts), as data.

/** What came back from the guest. */
interface GuestResults {
  /** The guest's kernel log (`dmesg`), saved after the command ended. */
  kmsg: string;
  /** The command's exit code as the guest's init saw it. */
  exitCode: number | undefined;
  /** The machine's settings as the guest's init read them back (guest-machine.ts), raw text. */
  machine: string;
  /** Regular files the command wrote under /results, by path relative to it. */
  files: Record<string, Buffer>;
  /** What the archive held that was not brought back (links, devices, oversized files), one line each. */
  refused: string[];
}

const MiB = 2 ** 20;
/** Per file and in all; the results disk itself is 256 MiB. */
const RESULT_LIMITS = { maxFileBytes: 64 * MiB, maxTotalBytes: 192 * MiB, maxEntries: 10_000 };
const RESULTS_PREFIX = 'newroot/results/';
const OWN = new Set(['oomlab/kmsg.txt', 'oomlab/exit-code', 'oomlab/machine.txt']);

// Why: read the results disk as data: regular files only, nothing written to or followed on the host.
export function readResultsDisk(image: string, limits: TarLimits = RESULT_LIMITS): GuestResults {
  const { files: all, refused } = readTarImage(image, limits);
  const files = Object.create(null) as Record<string, Buffer>;
  for (const [name, data] of Object.entries(all)) {
    if (name.startsWith(RESULTS_PREFIX)) files[name.slice(RESULTS_PREFIX.length)] = data;
    else if (!OWN.has(name)) refused.push(`${printable(name)}: not under results/ (ignored)`);
  }
  const code = Number.parseInt(all['oomlab/exit-code']?.toString('utf8') ?? '', 10);
  return {
    kmsg: all['oomlab/kmsg.txt']?.toString('utf8') ?? '',
    exitCode: Number.isInteger(code) ? code : undefined,
    machine: all['oomlab/machine.txt']?.toString('utf8') ?? '',
    files,
    refused: refused.map((line) => line.replace(/^newroot\/results(\/|:)/, 'results$1')),
  };
}
