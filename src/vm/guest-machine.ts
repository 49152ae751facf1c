import { VM_SYSCTLS, type SwapKind } from '../scenario/machine.js';

// The machine settings of one boot, applied by the guest's init before the command starts (after the
// swap disk is on): vm.* sysctls, MGLRU, and a zram device or zswap. Then every allow-listed sysctl
// (set or not), MGLRU, /proc/swaps and the compressors are read back into /oomlab/machine.txt; after
// the command, zram's end state and the peaks a background loop saw (mm_stat every 100 ms, the
// kernel's own mem_used_max besides) are appended. The file comes back with the kernel log and is
// parsed on the host as untrusted data (machine-record.ts). A setting the kernel refuses, or a
// feature it lacks, fails the boot with one line (the host reports it, exit 3).

/** The machine part of a boot's settings. */
export interface GuestMachineConfig {
  swapKind: SwapKind;
  /** The zram device's disksize (zram), or the swap disk's size. */
  swapBytes: number;
  zramAlgo?: string;
  lruGen?: 'on' | 'off';
  sysctl: Record<string, number>;
}

/**
 * Under strict overcommit, what vm.admin_reserve_kbytes gives the harness beyond the user reserve the
 * kernel holds back from it (src/run/commit-reserve.ts says why): room for node's heap to grow while a
 * participant sits at the commit limit. Not set when the machine names admin_reserve_kbytes itself.
 */
export const HARNESS_RESERVE_KB = 64 * 1024;

// Why: the lines /oomlab/config gets for the machine (names and values were validated on the host).
export function guestMachineConfigLines(m: GuestMachineConfig): string[] {
  return [
    `SWAP_KIND=${m.swapKind}`,
    `SWAP_BYTES=${Math.floor(m.swapBytes)}`,
    `ZRAM_ALGO=${m.zramAlgo ?? ''}`,
    `LRU_GEN=${m.lruGen === undefined ? '' : m.lruGen === 'on' ? 'y' : 'n'}`,
    `SYSCTL_SET='${Object.entries(m.sysctl).map(([k, v]) => `${k} ${v}`).join(' ')}'`,
    `READ_SYSCTLS='${Object.keys(VM_SYSCTLS).join(' ')}'`,
    `HARNESS_RESERVE_KB=${HARNESS_RESERVE_KB}`,
  ];
}

/** Sourced by /init: machine_setup before the command, machine_end after it. (No `$`+`{` here.) */
export const GUEST_MACHINE = String.raw`
zram_sampler() {
  po=0; pc=0
  echo "0 0" > /oomlab/zram-peak
  while :; do
    read -r o c rest < /sys/block/zram0/mm_stat
    if [ "$o" -gt "$po" ] || [ "$c" -gt "$pc" ]; then
      [ "$o" -gt "$po" ] && po=$o
      [ "$c" -gt "$pc" ] && pc=$c
      echo "$po $pc" > /oomlab/zram-peak
    fi
    usleep 100000
  done
}
machine_read() {
  # (busybox read takes a byte at a time, and a /proc/sys file answers only a read from offset 0)
  (cd /proc/sys/vm && grep -H . $READ_SYSCTLS 2>/dev/null | sed 's/^/sysctl /; s/:/ /')
  [ -e /sys/kernel/mm/lru_gen/enabled ] && read -r v < /sys/kernel/mm/lru_gen/enabled && echo "lru_gen $v"
  while read -r l; do echo "swaps $l"; done < /proc/swaps
  [ -e /sys/block/zram0/comp_algorithm ] && read -r v < /sys/block/zram0/comp_algorithm && echo "zram_algorithms $v"
  [ -e /sys/module/zswap/parameters/enabled ] && read -r v < /sys/module/zswap/parameters/enabled && echo "zswap_enabled $v"
  [ -e /sys/module/zswap/parameters/compressor ] && read -r v < /sys/module/zswap/parameters/compressor && echo "zswap_compressor $v"
  return 0
}
machine_setup() {
  ADMIN_SET=
  set -- $SYSCTL_SET
  while [ $# -gt 1 ]; do
    echo "$2" > "/proc/sys/vm/$1" 2>/dev/null || fail "sysctl vm.$1=$2: the kernel refused it"
    [ "$1" = admin_reserve_kbytes ] && ADMIN_SET=1
    shift 2
  done
  # Strict overcommit: commit that only the harness may use (participants drop CAP_SYS_ADMIN; see
  # src/run/commit-reserve.ts). cat, not read: a /proc/sys file answers only a read from offset 0.
  if [ "$(cat /proc/sys/vm/overcommit_memory)" = 2 ] && [ -z "$ADMIN_SET" ]; then
    r=$(( $(cat /proc/sys/vm/user_reserve_kbytes) + HARNESS_RESERVE_KB ))
    echo "$r" > /proc/sys/vm/admin_reserve_kbytes 2>/dev/null || fail "sysctl vm.admin_reserve_kbytes=$r (the harness's reserve under strict overcommit): the kernel refused it"
  fi
  if [ -n "$LRU_GEN" ]; then
    [ -e /sys/kernel/mm/lru_gen/enabled ] || fail "lru-gen: this kernel has no MGLRU (/sys/kernel/mm/lru_gen/enabled)"
    echo "$LRU_GEN" > /sys/kernel/mm/lru_gen/enabled || fail "lru-gen: the kernel refused $LRU_GEN"
  fi
  case "$SWAP_KIND" in
  zram)
    [ -e /sys/block/zram0 ] || fail "zram: no /sys/block/zram0 after loading the module"
    if [ -n "$ZRAM_ALGO" ]; then
      echo "$ZRAM_ALGO" > /sys/block/zram0/comp_algorithm 2>/dev/null || fail "zram: this kernel has no $ZRAM_ALGO compressor"
    fi
    echo "$SWAP_BYTES" > /sys/block/zram0/disksize || fail "zram: disksize $SWAP_BYTES refused"
    mkswap /dev/zram0 >/dev/null 2>&1 || fail "mkswap /dev/zram0"
    swapon /dev/zram0 || fail "swapon /dev/zram0"
    zram_sampler &
    ZRAM_SAMPLER=$!
    ;;
  zswap)
    [ -e /sys/module/zswap/parameters/enabled ] || fail "zswap: this kernel has no zswap (/sys/module/zswap)"
    # Written even when unchanged: a compressor that was a module at boot left zswap without a pool;
    # setting it again, now that it is loaded, makes one.
    [ -n "$ZRAM_ALGO" ] || read -r ZRAM_ALGO < /sys/module/zswap/parameters/compressor
    echo "$ZRAM_ALGO" > /sys/module/zswap/parameters/compressor 2>/dev/null || fail "zswap: this kernel has no $ZRAM_ALGO compressor"

    echo Y > /sys/module/zswap/parameters/enabled || fail "zswap: could not enable it"
    mkdir -p /sys/kernel/debug && mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
    ;;
  esac
  machine_read > /oomlab/machine.txt
}
machine_end() {
  [ -n "$ZRAM_SAMPLER" ] && kill "$ZRAM_SAMPLER" 2>/dev/null && wait "$ZRAM_SAMPLER" 2>/dev/null
  {
    [ -e /sys/block/zram0/mm_stat ] && read -r l < /sys/block/zram0/mm_stat && echo "zram_end $l"
    [ -f /oomlab/zram-peak ] && read -r l < /oomlab/zram-peak && echo "zram_peak $l"
    for f in stored_pages pool_total_size; do
      [ -e "/sys/kernel/debug/zswap/$f" ] && read -r l < "/sys/kernel/debug/zswap/$f" && echo "zswap_$f $l"
    done
    true
  } >> /oomlab/machine.txt
}
`;
