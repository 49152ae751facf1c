import { describe, expect, it } from 'vitest';
import { parseKernelLog, type OomEvent } from '../../src/kernel-log/index.js';
import { fixture } from './fixtures.js';

// Each real report's events, field by field, as a reader of the raw text would state them.

function only(name: string): OomEvent {
  const events = parseKernelLog(fixture(name));
  expect(events).toHaveLength(1);
  return events[0] as OomEvent;
}

describe('the article report (2.6.32 i686, RHEL 6)', () => {
  const e = only('article-2.6.32-i686.txt');
  it('has the trigger with oom_adj and oom_score_adj', () => {
    expect(e.trigger).toEqual({ name: 'test_mem', pid: 10021, gfpMask: '0x280da', order: 0, oomAdj: 0, oomScoreAdj: 0 });
    expect(e.kernel).toBe('2.6.32-431.el6.i686');
  });
  it('infers a global OOM and takes the victim from the score line (there is no Killed line)', () => {
    expect(e.constraint).toBe('global');
    expect(e.victim).toEqual({ pid: 10020, name: 'test_mem1', score: 365 });
    expect(e.memcg).toBeUndefined();
    expect(e.reaped).toBeUndefined();
    expect(e.time).toBeUndefined();
    expect(e.panic).toBeUndefined();
  });
  it('reads the Mem-Info block: pages, swap, RAM and every zone', () => {
    const m = e.memInfo;
    expect(m?.activeAnon).toBe(693728);
    expect(m?.inactiveAnon).toBe(221684);
    expect(m?.activeFile).toBe(26);
    expect(m?.inactiveFile).toBe(51);
    expect(m?.free).toBe(27528);
    expect(m?.slabReclaimable).toBe(1391);
    expect(m?.slabUnreclaimable).toBe(9790);
    expect(m?.pagetables).toBe(4219);
    expect(m?.freeSwapKb).toBe(0);
    expect(m?.totalSwapKb).toBe(4046840);
    expect(m?.ramPages).toBe(1046000);
    expect(m?.reservedPages).toBe(76971);
    expect(m?.zones).toEqual([
      { name: 'DMA', freeKb: 7576, minKb: 64, lowKb: 80, highKb: 96 },
      { name: 'Normal', freeKb: 102148, minKb: 3724, lowKb: 4652, highKb: 5584 },
      { name: 'HighMem', freeKb: 388, minKb: 512, lowKb: 3828, highKb: 7148 },
    ]);
    expect(e.pageSizeKb).toBe(4);
    expect(e.pageSizeFrom).toBe('buddy-lists');
  });
  it('reads all 47 rows of the 2.6.32 task table (cpu, oom_adj columns)', () => {
    expect(e.taskColumns).toEqual(['uid', 'tgid', 'total_vm', 'rss', 'cpu', 'oom_adj', 'oom_score_adj']);
    expect(e.tasks).toHaveLength(47);
    expect(e.tasks?.[0]).toEqual({ pid: 485, uid: 0, tgid: 485, totalVm: 696, rss: 2, cpu: 0, oomAdj: -17, oomScoreAdj: -1000, name: 'udevd' });
    expect(e.tasks?.find((t) => t.pid === 10020)).toEqual({ pid: 10020, uid: 0, tgid: 10020, totalVm: 785602, rss: 2722, cpu: 3, oomAdj: 0, oomScoreAdj: 0, name: 'test_mem1' });
    expect(e.tasks?.find((t) => t.pid === 10021)?.rss).toBe(457164);
    expect(e.tasks?.find((t) => t.pid === 10022)?.rss).toBe(449718);
    expect(e.tasks?.find((t) => t.pid === 1372)?.uid).toBe(89);
  });
});

describe('cadvisor 3.13 memcg report (Task in /mem2, nr_ptes swapents)', () => {
  const e = only('cadvisor-3.13-memcg-mem2.txt');
  it('has memcg paths, counters and the victim with its score', () => {
    expect(e.constraint).toBe('memcg');
    expect(e.cpuset).toBe('/');
    expect(e.memcg?.path).toBe('/mem2');
    expect(e.memcg?.taskPath).toBe('/mem2');
    expect(e.memcg?.usageKb).toBe(980);
    expect(e.memcg?.limitKb).toBe(980);
    expect(e.memcg?.failcnt).toBe(4152239);
    expect(e.memcg?.memsw?.usageKb).toBe(0);
    expect(e.victim).toEqual({ pid: 13536, name: 'memorymonster', score: 996, totalVmKb: 33558652, anonRssKb: 920, fileRssKb: 452 });
    expect(e.tasks).toEqual([{ pid: 13536, uid: 275858, tgid: 13536, totalVm: 8389663, rss: 343, nrPtes: 16267, swapents: 8324326, oomScoreAdj: 0, name: 'memorymonster' }]);
    expect(e.trigger).toEqual({ name: 'memorymonster', pid: 13536, gfpMask: '0xd0', order: 0, oomScoreAdj: 0 });
  });
});

describe('cadvisor 4.8 docker: two kills with network noise between', () => {
  const events = parseKernelLog(fixture('cadvisor-4.8-docker-two-kills.txt'));
  it('finds both kills in order, each with its own cgroup and reaper line', () => {
    expect(events.map((e) => e.victim?.pid)).toEqual([1381, 1667]);
    const [a, b] = events;
    expect(a?.memcg?.path).toBe('/docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50');
    expect(a?.memcg?.memsw).toEqual({ usageKb: 40940, limitKb: 40960, failcnt: 6 });
    expect(a?.victim).toEqual({ pid: 1381, name: 'gunpowder-memho', score: 1046, totalVmKb: 2121528, anonRssKb: 18624, fileRssKb: 2140, shmemRssKb: 0 });
    expect(a?.reaped).toEqual({ pid: 1381, name: 'gunpowder-memho', anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 });
    expect(a?.taskColumns).toEqual(['uid', 'tgid', 'total_vm', 'rss', 'nr_ptes', 'nr_pmds', 'swapents', 'oom_score_adj']);
    expect(a?.tasks?.[0]).toMatchObject({ pid: 1381, rss: 5191, nrPtes: 34, nrPmds: 4, swapents: 5489 });
    expect(b?.trigger?.pid).toBe(1667);
    expect(b?.memcg?.usageKb).toBe(307112);
    expect(b?.memcg?.limitKb).toBe(307200);
    expect(b?.victim?.anonRssKb).toBe(248180);
    expect(b?.reaped?.pid).toBe(1667);
    expect(b?.trigger?.gfpFlags).toEqual(['GFP_KERNEL']);
    expect(b?.kernel).toBe('4.8.0-gentoo');
  });
});

describe('Kubernetes 4.15 via dmesg -T (kubepods, cgroup v1, pgtables_bytes)', () => {
  const e = only('k8s-blog-4.15-dmesg-T-kubepods.txt');
  it('keeps the wall time and both cgroup paths', () => {
    expect(e.time).toEqual({ wall: 'Sat Apr 27 22:56:09 2019' });
    expect(e.memcg?.path).toBe('/kubepods/burstable/podbc001ffa-68fc-11e9-92d7-5ef9efd9374c');
    expect(e.memcg?.taskPath).toBe('/kubepods/burstable/podbc001ffa-68fc-11e9-92d7-5ef9efd9374c/a2ed67c63e828da3849bf9f506ae2b36b4dac5b402a57f2981c9bdc07b23e672');
    expect(e.memcg?.memsw).toEqual({ usageKb: 0, limitKb: 9007199254740988, failcnt: 0 });
    expect(e.trigger).toEqual({ name: 'stress', pid: 32332, gfpMask: '0x14000c0(GFP_KERNEL)', gfpFlags: ['GFP_KERNEL'], order: 0, oomScoreAdj: 939 });
    expect(e.victim).toEqual({ pid: 32308, name: 'stress', score: 1718, totalVmKb: 110644, anonRssKb: 99620, fileRssKb: 192, shmemRssKb: 0 });
    expect(e.tasks).toHaveLength(6);
    expect(e.tasks?.[0]).toEqual({ pid: 25160, uid: 0, tgid: 25160, totalVm: 256, rss: 1, pgtablesBytes: 28672, swapents: 0, oomScoreAdj: -998, name: 'pause' });
    expect(e.reaped?.pid).toBe(32308);
  });
});

describe('Kubernetes 3.10 via dmesg -T: a sacrificed child, then a report cut off', () => {
  const events = parseKernelLog(fixture('k8s-3.10-dmesg-T-sacrifice-child.txt'));
  it('records the selected parent and the killed child', () => {
    expect(events).toHaveLength(2);
    expect(events[0]?.victim).toEqual({ pid: 28438, name: 'java', totalVmKb: 20255636, anonRssKb: 466160, fileRssKb: 13684, selected: { pid: 24572, name: 'java', score: 0 } });
    expect(events[0]?.constraint).toBe('memcg');
    expect(events[0]?.tasks?.[0]).toMatchObject({ pid: 28438, rss: 119961, nrPtes: 1661, swapents: 136409, oomScoreAdj: -998 });
  });
  it('emits the cut-off report as truncated, with its trigger and no victim', () => {
    expect(events[1]?.truncated).toBe(true);
    expect(events[1]?.victim).toBeUndefined();
    expect(events[1]?.trigger).toEqual({ name: 'java', pid: 14881, gfpMask: '0xd0', order: 0, oomScoreAdj: -998 });
    expect(events[1]?.kernel).toBe('3.10.0-327.4.5.el7.x86_64');
    expect(events[1]?.cpuset).toBe('1e479e759020fa0b6c72def90973540a2d33982fea2ad67a96373b4da751a820');
  });
});

describe('istio 3.10 journal lines (systemd kubepods.slice paths), cut off at the table header', () => {
  const e = only('istio-3.10-journal-kubepods-slice.txt');
  it('has the cgroup and counters, no victim, and says it was truncated', () => {
    const path = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/docker-b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a.scope';
    expect(e.constraint).toBe('memcg');
    expect(e.memcg?.path).toBe(path);
    expect(e.memcg?.taskPath).toBe(path);
    expect(e.memcg?.usageKb).toBe(1048576);
    expect(e.memcg?.failcnt).toBe(189);
    expect(e.tasks).toEqual([]);
    expect(e.truncated).toBe(true);
    expect(e.victim).toBeUndefined();
  });
});

describe('docker 5.3 syslog: four grep-ed kills, each reaped', () => {
  const events = parseKernelLog(fixture('docker-5.3-syslog-reaper-kills.txt'));
  it('gives four events with syslog wall time, kernel seconds and reaper lines', () => {
    expect(events.map((e) => [e.victim?.pid, e.victim?.name, e.reaped?.pid])).toEqual([
      [15784, 'python3', 15784],
      [15925, '(resolved)', 15925],
      [15783, 'python3', 15783],
      [15934, '(resolved)', 15934],
    ]);
    expect(events[0]?.time).toEqual({ kernelSeconds: 518.050606, wall: 'May 15 23:09:30' });
    expect(events[1]?.victim).toEqual({ pid: 15925, name: '(resolved)', totalVmKb: 168424, anonRssKb: 4064, fileRssKb: 3584, shmemRssKb: 0 });
    expect(events.every((e) => e.constraint === 'global' && e.trigger === undefined)).toBe(true);
  });
});

describe('reportportal 5.4 memcg kill (UID, pgtables, oom_score_adj on the kill line)', () => {
  const events = parseKernelLog(fixture('reportportal-5.4-memcg-uwsgi.txt'));
  it('reads the 5.x kill line and its reaper line', () => {
    expect(events[0]?.victim).toEqual({ pid: 63214, name: 'uwsgi', totalVmKb: 3149468, anonRssKb: 164992, fileRssKb: 52176, shmemRssKb: 92, uid: 0, pgtablesKb: 1372, oomScoreAdj: 986 });
    expect(events[0]?.constraint).toBe('memcg');
    expect(events[0]?.reaped).toEqual({ pid: 63214, name: 'uwsgi', anonRssKb: 0, fileRssKb: 0, shmemRssKb: 92 });
    expect(events[1]).toMatchObject({ truncated: true, kernel: '5.4.0-77-generic', trigger: { name: 'uwsgi', pid: 63635, oomScoreAdj: 986 } });
  });
});

describe('heads 5.10: a global kill, then an order-1 report cut off', () => {
  const events = parseKernelLog(fixture('heads-5.10-global-two-kills.txt'));
  it('reads CONSTRAINT_NONE as global and the order of the second trigger', () => {
    expect(events).toHaveLength(2);
    expect(events[0]?.constraint).toBe('global');
    expect(events[0]?.memcg).toEqual({ taskPath: '/' });
    expect(events[0]?.victim).toEqual({ pid: 472, name: 'whiptail', totalVmKb: 10276, anonRssKb: 1028, fileRssKb: 1276, shmemRssKb: 0, uid: 0, pgtablesKb: 68, oomScoreAdj: 0 });
    expect(events[1]?.trigger).toEqual({ name: 'gui-init', pid: 1, gfpMask: '0x400dc0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)', gfpFlags: ['GFP_KERNEL_ACCOUNT', '__GFP_ZERO'], order: 1, oomScoreAdj: 0 });
  });
});

describe('stress-ng global kill with a cgroup v2 task_memcg (user.slice)', () => {
  const events = parseKernelLog(fixture('stress-ng-global-user-slice.txt'));
  it('reads task_memcg and the uid from the oom-kill line', () => {
    expect(events[0]?.constraint).toBe('global');
    expect(events[0]?.memcg).toEqual({ taskPath: '/user.slice/user-1000.slice/session-1.scope' });
    expect(events[0]?.victim?.uid).toBe(1000);
    expect(events[0]?.victim?.oomScoreAdj).toBe(1000);
    expect(events[0]?.reaped?.pid).toBe(1811);
    expect(events[1]?.trigger?.gfpFlags).toEqual(['GFP_HIGHUSER_MOVABLE']);
  });
});

describe('stress-ng 6.11 global: rss_anon/rss_file/rss_shmem columns and a full Mem-Info', () => {
  const e = only('stress-ng-6.11-global-meminfo.txt');
  it('reads the 6.x table and the node zones', () => {
    expect(e.taskColumns).toEqual(['uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'pgtables_bytes', 'swapents', 'oom_score_adj']);
    expect(e.tasks?.[3]).toEqual({ pid: 116, uid: 0, tgid: 116, totalVm: 2628942, rss: 1995298, rssAnon: 1995157, rssFile: 141, rssShmem: 0, pgtablesBytes: 16052224, swapents: 0, oomScoreAdj: 1000, name: 'stress-ng-vm' });
    expect(e.memInfo?.zones?.map((z) => [z.node, z.name, z.freeKb, z.minKb])).toEqual([
      [0, 'DMA', 32, 20],
      [0, 'DMA32', 3372, 2728],
      [0, 'Normal', 984, 8628],
    ]);
    expect(e.memInfo?.totalSwapKb).toBe(0);
    expect(e.memInfo?.ramPages).toBe(2097022);
    expect(e.constraint).toBe('global');
    expect(e.victim?.anonRssKb).toBe(7980628);
    expect(e.time).toEqual({ kernelSeconds: 30.745847 });
  });
});

describe('Kubernetes 6.x with cgroup v2 paths and memory.oom.group', () => {
  const events = parseKernelLog(fixture('k8s-6.x-kubepods-slice-oom-group.txt'));
  it('gives one event per kill line; the second is marked as an oom.group kill, and as a repeat of the first', () => {
    expect(events).toHaveLength(2);
    const [a, b] = events;
    expect(a?.memcg?.path).toBe('/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94eb36cd_29e1_478b_b365_4cb5dfc7d6fb.slice');
    expect(a?.memcg?.taskPath).toMatch(/cri-containerd-46b3e0a4df44b752b841aecca454e6e78995d567912a84950390bae6f6777a63\.scope$/);
    expect(a?.memcg?.usageKb).toBe(4194304);
    expect(a?.victim?.pid).toBe(22609);
    expect(a?.victim?.oomScoreAdj).toBe(969);
    expect(a?.oomGroup).toBeUndefined();
    expect(b?.oomGroup).toBe(true);
    expect(b?.time?.kernelSeconds).toBe(2993.80415);
    // the same victim, killed once: the group kill names it again
    expect(b?.victim?.pid).toBe(22609);
    expect(a?.repeat).toBeUndefined();
    expect(b?.repeat).toBe(true);
  });
});

describe('sonic 3.16 panic_on_oom', () => {
  const e = only('sonic-3.16-panic-on-oom.txt');
  it('is a panic event with no victim', () => {
    expect(e).toEqual({ panic: true, panicMessage: 'Out of memory: compulsory panic_on_oom is enabled', time: { kernelSeconds: 910.11395 } });
  });
});

describe('this machine: 6.18, cgroup v1, a real memcg kill', () => {
  const cg = '/process_api/14deafc088fa7e28ea88c351caab3365/oomlab-fixture-';
  it('single process: dmesg', () => {
    const e = only('local-6.18-memcg-v1-single.dmesg.txt');
    expect(e.constraint).toBe('memcg');
    expect(e.kernel).toBe('6.18.44-fc-v782');
    expect(e.memcg).toEqual({
      path: `${cg}single`,
      taskPath: `${cg}single`,
      usageKb: 65536,
      limitKb: 65536,
      failcnt: 0,
      memsw: { usageKb: 65536, limitKb: 65536, failcnt: 0 },
      kmem: { usageKb: 220, limitKb: 9007199254740988, failcnt: 0 },
    });
    expect(e.victim).toEqual({ pid: 15299, name: 'python3', totalVmKb: 221368, anonRssKb: 65152, fileRssKb: 6612, shmemRssKb: 0, uid: 0, pgtablesKb: 180, oomScoreAdj: 0 });
    expect(e.tasks).toEqual([{ pid: 15299, uid: 0, tgid: 15299, totalVm: 55342, rss: 17941, rssAnon: 16288, rssFile: 1653, rssShmem: 0, pgtablesBytes: 184320, swapents: 0, oomScoreAdj: 0, name: 'python3' }]);
    expect(e.pageSizeKb).toBe(4);
    expect(e.pageSizeFrom).toBe('victim-rss');
    expect(e.time).toEqual({ kernelSeconds: 2132.660201 });
  });
  it('two processes: the trigger (15573) is not the victim (15574); dmesg and dmesg -T agree', () => {
    const plain = only('local-6.18-memcg-v1-two-procs.dmesg.txt');
    const human = only('local-6.18-memcg-v1-two-procs.dmesg-T.txt');
    expect(plain.trigger?.pid).toBe(15573);
    expect(plain.victim?.pid).toBe(15574);
    expect(plain.tasks?.map((t) => [t.pid, t.rss])).toEqual([
      [15573, 8549],
      [15574, 11044],
    ]);
    expect(human.time).toEqual({ wall: 'Sat Nov 28 12:42:22 2026' });
    expect({ ...human, time: undefined }).toEqual({ ...plain, time: undefined });
  });
  it('raw /dev/kmsg records give the same two kills, with microsecond times', () => {
    const events = parseKernelLog(fixture('local-6.18-memcg-v1-both.kmsg.txt'));
    expect(events.map((e) => [e.victim?.pid, e.memcg?.path, e.time?.kernelSeconds])).toEqual([
      [15299, `${cg}single`, 2132.660201],
      [15574, `${cg}pair`, 2137.539232],
    ]);
    const single = only('local-6.18-memcg-v1-single.dmesg.txt');
    expect({ ...events[0], time: undefined }).toEqual({ ...single, time: undefined });
  });
});
