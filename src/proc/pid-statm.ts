// /proc/<pid>/statm: seven page counts, the cheapest per-process size read (about a third of
// stat's cost and a sixth of status's on this VM), so it is what the sampler reads every tick.
// "shared" is file-backed plus shmem resident pages, so anon = resident - shared: the same
// split /proc/<pid>/status prints as RssAnon and RssFile + RssShmem.
import { cur, readUint } from './bytes.js';

/** Sizes from statm, in bytes. */
interface PidStatm {
  vsz: number;
  rss: number;
  /** RssFile + RssShmem. */
  shared: number;
  /** RssAnon. */
  anon: number;
}

/** A zeroed PidStatm to parse into again and again. */
export function emptyPidStatm(): PidStatm {
  return { vsz: 0, rss: 0, shared: 0, anon: 0 };
}

/** Parse statm bytes into `out`; false when the text is not a statm line. */
export function parsePidStatm(buf: Uint8Array, len: number, pageSize: number, out: PidStatm): boolean {
  cur.pos = 0;
  const size = readUint(buf, len);
  const resident = readUint(buf, len);
  const shared = readUint(buf, len);
  if (Number.isNaN(shared)) return false;
  out.vsz = size * pageSize;
  out.rss = resident * pageSize;
  out.shared = shared * pageSize;
  out.anon = (resident - shared) * pageSize;
  return true;
}
