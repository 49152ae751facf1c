import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { describeHierarchy, parseMounts, parseProcCgroup, v1Controllers } from '../../src/cgroup/detect.js';
import { PURE_V2_MOUNTS } from '../helpers/fake-cgroupfs.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cgroup/${name}`, import.meta.url), 'utf8');
const detect = (mounts: string, cgroup: string) => describeHierarchy(parseMounts(mounts), parseProcCgroup(cgroup));

// A CentOS 7 style machine: v1 only, cpu and cpuacct co-mounted, systemd's named hierarchy.
const LEGACY_MOUNTS = `rootfs / rootfs rw 0 0
tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0
cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd 0 0
cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpuacct,cpu 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0
`;
const LEGACY_CGROUP = `11:pids:/user.slice/user-1000.slice
5:memory:/user.slice/user-1000.slice/session-3.scope
3:cpuacct,cpu:/user.slice
1:name=systemd:/user.slice/user-1000.slice/session-3.scope
`;
// Ubuntu 20.04 default: systemd hybrid, controllers on v1, an empty cgroup2 at /sys/fs/cgroup/unified.
const UBUNTU_HYBRID_MOUNTS = `tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0
cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,name=systemd 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
`;
const UBUNTU_HYBRID_CGROUP = `10:memory:/user.slice/user-1000.slice/session-2.scope
1:name=systemd:/user.slice/user-1000.slice/session-2.scope
0::/user.slice/user-1000.slice/session-2.scope
`;

describe('hierarchy detection', () => {
  it("this machine (captured): hybrid, memory on v1 at /sys/fs/cgroup/memory, harness under /process_api", () => {
    const h = detect(fixture('hybrid-v1-memory.mounts'), fixture('hybrid-v1-memory.cgroup'));
    expect(h).toEqual({ version: 1, layout: 'hybrid', mountPoint: '/sys/fs/cgroup/memory', ownPath: '/process_api/7f8648e7b0d9c45b282722a55f990808' });
  });

  it('Ubuntu 20.04 style hybrid: v1 memory, empty cgroup2 at unified', () => {
    expect(detect(UBUNTU_HYBRID_MOUNTS, UBUNTU_HYBRID_CGROUP)).toEqual({ version: 1, layout: 'hybrid', mountPoint: '/sys/fs/cgroup/memory', ownPath: '/user.slice/user-1000.slice/session-2.scope' });
  });

  it('pure v2: 0::/path only, cgroup2 at /sys/fs/cgroup', () => {
    expect(detect(PURE_V2_MOUNTS, '0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-foot.scope\n')).toEqual({
      version: 2,
      layout: 'unified',
      mountPoint: '/sys/fs/cgroup',
      ownPath: '/user.slice/user-1000.slice/user@1000.service/app.slice/app-foot.scope',
    });
  });

  it('pure v2 in a container with a cgroup namespace: the harness at the root', () => {
    expect(detect('cgroup /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n', '0::/\n')).toMatchObject({ version: 2, ownPath: '/' });
  });

  it('legacy v1 only, with co-mounted controllers', () => {
    expect(detect(LEGACY_MOUNTS, LEGACY_CGROUP)).toEqual({ version: 1, layout: 'legacy', mountPoint: '/sys/fs/cgroup/memory', ownPath: '/user.slice/user-1000.slice/session-3.scope' });
  });

  it('memory mounted somewhere unusual, co-mounted, with an escaped space in the path', () => {
    const mounts = 'none /opt/my\\040cgroups/mem cgroup rw,relatime,cpuacct,memory 0 0\n';
    expect(detect(mounts, '3:cpuacct,memory:/jobs/42\n')).toEqual({ version: 1, layout: 'legacy', mountPoint: '/opt/my cgroups/mem', ownPath: '/jobs/42' });
  });

  it('memory on v1 but its hierarchy not mounted here: EnvironmentError', () => {
    expect(() => detect(PURE_V2_MOUNTS, '4:memory:/a\n0::/\n')).toThrow(/not mounted here/);
  });

  it('no cgroup filesystem at all: EnvironmentError with a hint', () => {
    expect(() => detect('proc /proc proc rw 0 0\n', '')).toThrow(EnvironmentError);
  });

  it('v1 controllers are the mount options that are not mount flags', () => {
    const [m] = parseMounts('cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpuacct,cpu 0 0\n');
    expect(v1Controllers(m!)).toEqual(['cpuacct', 'cpu']);
    const [s] = parseMounts('cgroup /sys/fs/cgroup/systemd cgroup rw,xattr,release_agent=/x,name=systemd 0 0\n');
    expect(v1Controllers(s!)).toEqual([]);
  });

  it('parses /proc/self/cgroup lines, keeping colons inside the path', () => {
    expect(parseProcCgroup('4:memory:/a:b\n0::/\n')).toEqual([
      { id: 4, controllers: ['memory'], path: '/a:b' },
      { id: 0, controllers: [], path: '/' },
    ]);
  });
});
