import { ENV_NAME } from '../scenario/normalize-participant.js';
import { guestMachineConfigLines, type GuestMachineConfig } from './guest-machine.js';

// The guest's /init (PID 1), a busybox shell script. In order: mount proc/sys/dev; insmod the drivers
// (the cloud kernel builds virtio as modules); find the disks by their virtio serial; mount the
// read-only root image under a tmpfs overlay, so the guest can write anywhere (into its own RAM, as
// on a real machine's /tmp) while the image stays shared and untouched; the project's build, which
// rides in the initramfs under /project, is a second lower layer above the image; mount cgroups as v1 or v2;
// swapon the swap disk (its header is written on the host: swap-image.ts); run the command chrooted into the overlay, as a process in the
// cgroup `oomlab.service` (v2: a non-root cgroup with processes in it, like a systemd service, so
// the no-internal-processes rule bites exactly as on a real host); then stop what the command left
// running, save `dmesg` and /results as a tar written straight onto the results disk, print the exit
// sentinel, and power off. The host reads that archive as untrusted data (results.ts).
// Every line the host must react to carries a per-run nonce, so the command's own output cannot fake it.
// `oomlab-init:` lines in the guest's kernel log time each step (they come back in kmsg).

/** What the init script reads from /oomlab/config. */
export interface GuestConfig {
  nonce: string;
  cgroup: 'v1' | 'v2';
  swap: boolean;
  /** Kernel modules to insmod, in order (file names under /lib/modules in the initramfs). */
  modules: string[];
  /** Sysctls, MGLRU, zram/zswap (guest-machine.ts); default: a disk swap when `swap`, nothing set. */
  machine?: GuestMachineConfig;
}

/** Where a command in the guest writes files to bring back (also in its environment as $OOMLAB_RESULTS). */
const GUEST_RESULTS_DIR = '/results';

/** Virtio serial numbers the init script looks its disks up by. */
export const DISK_SERIAL = { root: 'oomlab-root', swap: 'oomlab-swap', results: 'oomlab-results' } as const;

// Why: the sentinels the host reads off the serial console.
export const sentinels = (nonce: string) => ({
  start: `OOMLAB-VM-START-${nonce}`,
  exit: `OOMLAB-VM-EXIT-${nonce}`,
  fail: `OOMLAB-VM-FAIL-${nonce}`,
});

// Why: quote one word for a POSIX shell, whatever it contains.
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// Why: the settings of one boot, sourced by /init.
export function guestConfigText(c: GuestConfig): string {
  return [
    `NONCE=${shellQuote(c.nonce)}`,
    `CGROUP=${c.cgroup}`,
    `SWAP=${c.swap ? 1 : 0}`,
    `MODULES=${shellQuote(c.modules.join(' '))}`,
    `ROOT_SERIAL=${DISK_SERIAL.root}`,
    `SWAP_SERIAL=${DISK_SERIAL.swap}`,
    `RESULTS_SERIAL=${DISK_SERIAL.results}`,
    ...guestMachineConfigLines(c.machine ?? { swapKind: c.swap ? 'disk' : 'none', swapBytes: 0, sysctl: {} }),
    '',
  ].join('\n');
}

// Why: the command, run inside the chroot with a fixed environment and working directory.
export function commandScriptText(command: string[], cwd: string, env: Record<string, string>): string {
  const base: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    OOMLAB_IN_VM: '1',
    OOMLAB_RESULTS: GUEST_RESULTS_DIR,
  };
  const lines = ['#!/bin/sh'];
  for (const [k, v] of Object.entries({ ...base, ...env })) {
    // runInVm validates names; this is the last line of defence for any other caller.
    if (!ENV_NAME.test(k)) throw new TypeError(`not an environment variable name: ${JSON.stringify(k)}`);
    lines.push(`export ${k}=${shellQuote(v)}`);
  }
  lines.push(`cd ${shellQuote(cwd)} || exit 125`, `exec ${command.map(shellQuote).join(' ')}`, '');
  return lines.join('\n');
}

/** /init itself: the same text for every boot; per-boot settings are in /oomlab/config. (No `$`+`{` in it: this is a template literal.) */
export const GUEST_INIT = String.raw`#!/bin/busybox sh
export PATH=/bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Loopback, as on any machine: a service under test listens on 127.0.0.1. (There is no other network device.)
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
# A name for merged reports (oomlab merge labels each run host@kernel); the kernel's default is (none).
hostname oomlab-vm 2>/dev/null || echo oomlab-vm > /proc/sys/kernel/hostname
. /oomlab/config
. /oomlab/machine.sh
fail() { echo "$NONCE_FAIL $*"; dmesg | tail -n 30; poweroff -f; sleep 10; }
NONCE_FAIL="OOMLAB-VM-FAIL-$NONCE"
mark() { echo "oomlab-init: $*" > /dev/kmsg; }
mark start
for m in $MODULES; do insmod "/lib/modules/$m.ko" || fail "insmod $m"; done
disk() { for d in /sys/block/vd*; do [ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && { echo "/dev/$(basename "$d")"; return 0; }; done; return 1; }
wait_disk() { i=0; while ! disk "$1" >/dev/null; do i=$((i+1)); [ $i -gt 500 ] && return 1; usleep 10000; done; disk "$1"; }
mark modules loaded
ROOT_DEV=$(wait_disk "$ROOT_SERIAL") || fail "no root disk"
RESULTS_DEV=$(wait_disk "$RESULTS_SERIAL") || fail "no results disk"
mkdir -p /ro /rw /newroot
mount -t ext4 -o ro "$ROOT_DEV" /ro || fail "mount root image"
mount -t tmpfs -o mode=755 rw /rw && mkdir -p /rw/upper /rw/work
LOWER=/ro
[ -d /project ] && LOWER=/project:/ro
mount -t overlay -o "lowerdir=$LOWER,upperdir=/rw/upper,workdir=/rw/work" overlay /newroot || fail "mount overlay"
mark root mounted
N=/newroot
mkdir -p $N/proc $N/sys $N/dev $N/tmp $N/run $N/results $N/oomlab $N/root
mount -t proc proc $N/proc
mount -t sysfs sysfs $N/sys
mount -t devtmpfs devtmpfs $N/dev
# /tmp is not a separate tmpfs: the overlay's upper layer is RAM already, and a project that lives
# under the host's /tmp (a CI clone, say) must stay visible at its host path.
chmod 1777 $N/tmp
mount -t tmpfs -o mode=755 run $N/run
cp /oomlab/command.sh $N/oomlab/command.sh
CG=$N/sys/fs/cgroup
if [ "$CGROUP" = v2 ]; then
  mount -t cgroup2 -o nsdelegate cgroup2 $CG || fail "mount cgroup2"
  for c in memory pids cpu io; do echo "+$c" > $CG/cgroup.subtree_control 2>/dev/null; done
  SERVICE=$CG/oomlab.service
else
  mount -t tmpfs -o mode=755 cgroup $CG || fail "mount cgroup tmpfs"
  for c in memory pids cpu,cpuacct freezer; do
    mkdir -p "$CG/$c" && mount -t cgroup -o "$c" "$c" "$CG/$c" || fail "mount cgroup v1 $c"
  done
  SERVICE=$CG/memory/oomlab.service
fi
mkdir -p "$SERVICE" && PROCS=$SERVICE/cgroup.procs
mark cgroups mounted
if [ "$SWAP" = 1 ]; then
  SWAP_DEV=$(wait_disk "$SWAP_SERIAL") || fail "no swap disk"
  swapon "$SWAP_DEV" || fail "swapon"
fi
touch /oomlab/machine.txt
machine_setup
mark machine set
mark command starts
echo "OOMLAB-VM-START-$NONCE $(cut -d" " -f1 /proc/uptime)"
sh -c 'echo $$ > "$1" && exec chroot /newroot /bin/sh /oomlab/command.sh' - "$PROCS" </dev/null
CODE=$?
mark command ended with $CODE
machine_end
# Whatever the command left running is stopped before its results are read, so nothing writes to
# them (or to the results disk) from here on. init's own records are written outside the chroot.
kill -9 -1 2>/dev/null
dmesg > /oomlab/kmsg.txt
echo "$CODE" > /oomlab/exit-code
cd / && tar -cf "$RESULTS_DEV" oomlab/kmsg.txt oomlab/exit-code oomlab/machine.txt newroot/results || echo "$NONCE_FAIL tar results"
sync
echo "OOMLAB-VM-EXIT-$NONCE $CODE"
poweroff -f
sleep 10
`;
