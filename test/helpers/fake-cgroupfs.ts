import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { realIo, type CgroupIo } from '../../src/cgroup/io.js';

// A fake cgroup v2 filesystem in a temp dir, for testing the v2 backend on a machine whose memory
// controller is on v1. The tree is plain files; the io below adds only the kernel behaviour the layer
// relies on, each rule as the kernel documents it (Documentation/admin-guide/cgroup-v2.rst):
// - mkdir fills a group with its interface files; memory.* only if the parent enables memory for it;
// - a pid written to cgroup.procs leaves every other group; not into a non-root group with controllers
//   in its subtree_control (EBUSY);
// - "+memory" in cgroup.subtree_control needs memory in cgroup.controllers (ENOENT) and, below the root,
//   no processes in the group (EBUSY: no internal processes);
// - writing 1 to cgroup.kill kills every process in the subtree;
// - limits take "max" or bytes (rounded down to 4 KiB pages), memory.oom.group 0 or 1, else EINVAL;
// - control files cannot be created by writing (ENOENT); rmdir fails while processes or children remain.

/** What to build. */
export interface FakeCgroupfsOptions {
  /** The harness's cgroup path, as /proc/self/cgroup shows it. */
  ownPath?: string;
  harnessPid?: number;
  harnessStartTicks?: number;
  /** Other processes in the harness's cgroup. */
  otherPids?: number[];
  /** Controllers enabled in the harness's own cgroup.subtree_control. */
  ownSubtreeControl?: string[];
  /** Controllers the ancestors hand down to the harness's cgroup. */
  ownControllers?: string[];
  /** cgroup.kill exists (Linux 5.14+). */
  cgroupKill?: boolean;
  /** memory.swap.* exist (swap accounting on). */
  swapFiles?: boolean;
  /** memory.peak exists (Linux 5.19+). */
  peak?: boolean;
  /** The mount is the root of a cgroup namespace (a container): not exempt from the no-internal-processes rule. */
  namespacedRoot?: boolean;
  /** Pids that survive SIGKILL and cgroup.kill (a stuck process). */
  immortal?: number[];
}

/** The fake tree and its kernel-ish io. */
export interface FakeCgroupfs {
  root: string;
  io: CgroupIo;
  /** Filesystem path of the cgroup2 mount (/sys/fs/cgroup). */
  mount: string;
  /** Filesystem path of a cgroup path such as /user.slice. */
  dir(cgroupPath: string): string;
  /** Pids killed, by cgroup.kill or SIGKILL. */
  killed: number[];
  /** Pids io.kill was called for (the per-pid fallback). */
  signalled: number[];
  /** Make /proc/<pid>/stat say that pid is running, started at `startTicks`. */
  addProcess(pid: number, startTicks: number): void;
  read(path: string): string;
  remove(): void;
}

const PSI = 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';

const fail = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code });

// Why: one builder for every v2 test, so the kernel rules live in one place.
export function fakeCgroupfs(opts: FakeCgroupfsOptions = {}): FakeCgroupfs {
  const o = { ownPath: '/user.slice/user-0.slice/session-1.scope', harnessPid: 4242, harnessStartTicks: 1000, otherPids: [], ownSubtreeControl: [], ownControllers: ['cpu', 'io', 'memory', 'pids'], cgroupKill: true, swapFiles: true, peak: true, immortal: [], namespacedRoot: false, ...opts };
  const root = mkdtempSync(join(tmpdir(), 'oomlab-fake-cgroupfs-'));
  const mount = join(root, 'sys/fs/cgroup');
  const real = realIo(root);
  const killed: number[] = [];
  const signalled: number[] = [];
  const file = (...p: string[]) => join(...p);
  const read = (p: string) => readFileSync(p, 'utf8');
  const words = (p: string) => (existsSync(p) ? read(p).split(/\s+/).filter(Boolean) : []);
  const pidsOf = (d: string) => words(file(d, 'cgroup.procs')).map(Number);
  const allGroups = (d: string): string[] => [d, ...readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => allGroups(join(d, e.name)))];
  const setPids = (d: string, pids: number[]) => writeFileSync(file(d, 'cgroup.procs'), pids.map((p) => `${p}\n`).join(''));
  const removePid = (pid: number) => {
    for (const g of allGroups(mount)) if (pidsOf(g).includes(pid)) setPids(g, pidsOf(g).filter((p) => p !== pid));
  };

  const populate = (d: string, controllers: string[]) => {
    const files: Record<string, string> = {
      'cgroup.procs': '',
      'cgroup.controllers': controllers.join(' ') + '\n',
      'cgroup.subtree_control': '\n',
      'cgroup.events': 'populated 0\nfrozen 0\n',
      'cgroup.type': 'domain\n',
    };
    if (o.cgroupKill) files['cgroup.kill'] = '';
    if (controllers.includes('memory')) {
      Object.assign(files, {
        'memory.current': '0\n', 'memory.max': 'max\n', 'memory.high': 'max\n', 'memory.low': '0\n', 'memory.min': '0\n',
        'memory.oom.group': '0\n', 'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n',
        'memory.stat': 'anon 0\nfile 0\nkernel 0\nshmem 0\npgfault 0\npgmajfault 0\n', 'memory.pressure': PSI,
      });
      if (o.peak) files['memory.peak'] = '0\n';
      if (o.swapFiles) Object.assign(files, { 'memory.swap.max': 'max\n', 'memory.swap.current': '0\n', 'memory.swap.events': 'high 0\nmax 0\nfail 0\n' });
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(file(d, name), text);
  };

  const io: CgroupIo = {
    ...real,
    mkdir(p) {
      if (!p.startsWith(`${mount}/`)) return real.mkdir(p);
      if (existsSync(p)) throw fail('EEXIST', p);
      mkdirSync(p);
      populate(p, words(file(dirname(p), 'cgroup.subtree_control')));
    },
    write(p, data) {
      if (!p.startsWith(`${mount}/`) && p !== mount) return real.write(p, data);
      if (!existsSync(p)) throw fail('ENOENT', p);
      const d = dirname(p);
      const isRoot = d === mount && !o.namespacedRoot;
      const value = data.trim();
      switch (basename(p)) {
        case 'cgroup.procs': {
          if (!isRoot && words(file(d, 'cgroup.subtree_control')).length > 0) throw fail('EBUSY', p);
          const pid = Number(value);
          removePid(pid);
          setPids(d, [...pidsOf(d), pid]);
          return;
        }
        case 'cgroup.kill':
          if (value !== '1') throw fail('EINVAL', p);
          for (const g of allGroups(d)) {
            const [stay, die] = partition(pidsOf(g), (pid) => o.immortal.includes(pid));
            killed.push(...die);
            setPids(g, stay);
          }
          return;
        case 'cgroup.subtree_control': {
          const have = new Set(words(p));
          for (const tok of value.split(/\s+/)) {
            const name = tok.slice(1);
            if (tok.startsWith('+')) {
              if (!words(file(d, 'cgroup.controllers')).includes(name)) throw fail('ENOENT', p);
              if (!isRoot && pidsOf(d).length > 0) throw fail('EBUSY', p);
              have.add(name);
            } else if (tok.startsWith('-')) have.delete(name);
            else throw fail('EINVAL', p);
          }
          writeFileSync(p, [...have].join(' ') + '\n');
          return;
        }
        case 'memory.max':
        case 'memory.high':
        case 'memory.low':
        case 'memory.min':
        case 'memory.swap.max':
          if (value !== 'max' && !/^\d+$/.test(value)) throw fail('EINVAL', p);
          writeFileSync(p, `${value === 'max' ? 'max' : Math.floor(Number(value) / 4096) * 4096}\n`);
          return;
        case 'memory.oom.group':
          if (value !== '0' && value !== '1') throw fail('EINVAL', p);
          writeFileSync(p, `${value}\n`);
          return;
        default:
          throw fail('EACCES', p);
      }
    },
    rmdir(p) {
      if (!p.startsWith(`${mount}/`)) return real.rmdir(p);
      if (!existsSync(p)) throw fail('ENOENT', p);
      if (pidsOf(p).length > 0 || real.subdirs(p).length > 0) throw fail('EBUSY', p);
      for (const f of readdirSync(p)) unlinkSync(join(p, f));
      rmdirSync(p);
    },
    kill(pid) {
      signalled.push(pid);
      if (o.immortal.includes(pid)) return;
      killed.push(pid);
      removePid(pid);
    },
  };

  const addProcess = (pid: number, startTicks: number) => {
    mkdirSync(join(root, 'proc', String(pid)), { recursive: true });
    // Field 22 is the start time; comm may hold spaces and parentheses.
    const fields = ['S', '1', String(pid), '0', '0', '-1', '4194304', ...Array(12).fill('0'), String(startTicks), '1000', '100'];
    writeFileSync(join(root, 'proc', String(pid), 'stat'), `${pid} (node (main)) ${fields.join(' ')}\n`);
  };

  // /proc as a pure v2 machine shows it.
  mkdirSync(join(root, 'proc/self'), { recursive: true });
  mkdirSync(join(root, 'proc/pressure'), { recursive: true });
  mkdirSync(join(root, 'proc/sys/vm'), { recursive: true });
  writeFileSync(join(root, 'proc/self/mounts'), PURE_V2_MOUNTS);
  writeFileSync(join(root, 'proc/self/cgroup'), `0::${o.ownPath}\n`);
  writeFileSync(join(root, 'proc/pressure/memory'), PSI);
  writeFileSync(join(root, 'proc/sys/vm/swappiness'), '60\n');
  addProcess(o.harnessPid, o.harnessStartTicks);

  // The cgroup tree down to the harness's cgroup: the root and ancestors hand down ownControllers.
  mkdirSync(mount, { recursive: true });
  populate(mount, ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc']);
  writeFileSync(join(mount, 'cgroup.subtree_control'), o.ownControllers.join(' ') + '\n');
  let d = mount;
  for (const part of o.ownPath.split('/').filter(Boolean)) {
    d = join(d, part);
    mkdirSync(d);
    populate(d, o.ownControllers);
    writeFileSync(join(d, 'cgroup.subtree_control'), o.ownControllers.join(' ') + '\n');
  }
  writeFileSync(join(d, 'cgroup.subtree_control'), o.ownSubtreeControl.join(' ') + '\n');
  setPids(d, [o.harnessPid, ...o.otherPids]);

  return {
    root,
    io,
    mount,
    dir: (cgroupPath) => join(mount, cgroupPath),
    killed,
    signalled,
    addProcess,
    read,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function partition<T>(xs: T[], keep: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(keep), xs.filter((x) => !keep(x))];
}

/** /proc/self/mounts of a pure cgroup v2 machine (Fedora/Ubuntu 22.04+ style). */
export const PURE_V2_MOUNTS = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p3 / btrfs rw,relatime,ssd,space_cache=v2,subvolid=256,subvol=/root 0 0
securityfs /sys/kernel/security securityfs rw,nosuid,nodev,noexec,relatime 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0
pstore /sys/fs/pstore pstore rw,nosuid,nodev,noexec,relatime 0 0
bpf /sys/fs/bpf bpf rw,nosuid,nodev,noexec,relatime,mode=700 0 0
`;
