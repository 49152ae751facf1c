import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/kernel-log/index.js';
import { stripLinePrefix, type StrippedLine } from '../../src/kernel-log/line-prefix.js';

function strip(line: string): StrippedLine | undefined {
  const out: StrippedLine = { text: '', seconds: NaN, wall: '' };
  return stripLinePrefix(line, out) ? { ...out } : undefined;
}

const TEXT = 'Out of memory: Killed process 42 (my app) total-vm:1000kB, anon-rss:500kB, file-rss:4kB, shmem-rss:0kB';

describe('stripLinePrefix', () => {
  it.each([
    ['bare', TEXT, NaN, ''],
    ['dmesg', `[ 2132.660201] ${TEXT}`, 2132.660201, ''],
    ['dmesg -T', `[Sat Nov 28 12:42:22 2026] ${TEXT}`, NaN, 'Sat Nov 28 12:42:22 2026'],
    ['dmesg -T, localized', `[月  1月 26 01:49:41 2026] ${TEXT}`, NaN, '月  1月 26 01:49:41 2026'],
    ['syslog', `Nov 28 12:42:22 myhost kernel: [ 12.5] ${TEXT}`, 12.5, 'Nov 28 12:42:22'],
    ['syslog, one-digit day', `Jan  5 02:12:02 myhost kernel: ${TEXT}`, NaN, 'Jan  5 02:12:02'],
    ['journal without a host', `Dec 14 17:13:12 kernel: ${TEXT}`, NaN, 'Dec 14 17:13:12'],
    ['ISO syslog', `2026-11-28T12:42:22.123456+00:00 myhost kernel: ${TEXT}`, NaN, '2026-11-28T12:42:22.123456+00:00'],
    ['kmsg record', `3,903,2137539232,-;${TEXT}`, 2137.539232, ''],
    ['console level', `<3>[  518.050606] ${TEXT}`, 518.050606, ''],
    ['CRLF', `[ 1.000000] ${TEXT}\r`, 1, ''],
    ['dmesg -x', `kern  :err   : [ 2132.660201] ${TEXT}`, 2132.660201, ''],
    ['dmesg -x, leading spaces', `  kern :err : [ 2132.660201] ${TEXT}`, 2132.660201, ''],
    ['dmesg -x -T', `kern  :err   : [Sat Nov 28 12:42:22 2026] ${TEXT}`, NaN, 'Sat Nov 28 12:42:22 2026'],
    ['dmesg -x --time-format iso', `kern  :err   : 2026-12-04T09:00:31,494255+00:00 ${TEXT}`, NaN, '2026-12-04T09:00:31,494255+00:00'],
    ['dmesg --time-format iso', `2026-12-04T09:00:31,494255+00:00 ${TEXT}`, NaN, '2026-12-04T09:00:31,494255+00:00'],
    ['caller id glued on', `[ 9422.457061][T10521] ${TEXT}`, 9422.457061, ''],
    ['caller id, CPU', `[ 9422.457061][    C3] ${TEXT}`, 9422.457061, ''],
    ['caller id column (dmesg 2.40)', `[   27.973558] [    T399] ${TEXT}`, 27.973558, ''],
    ['journal short-precise', `Dec 04 09:00:31.494255 myhost kernel: ${TEXT}`, NaN, 'Dec 04 09:00:31.494255'],
    ['journal short-iso', `2026-12-04T09:00:31+0000 myhost kernel: ${TEXT}`, NaN, '2026-12-04T09:00:31+0000'],
    ['journal short-monotonic', `[14474.494255] myhost kernel: ${TEXT}`, 14474.494255, ''],
    ['journal verbose', `    MESSAGE=${TEXT}`, NaN, ''],
    ['journal short-full', `Sat 2026-12-05 19:54:29 UTC myhost kernel: ${TEXT}`, NaN, 'Sat 2026-12-05 19:54:29 UTC'],
    ['journal short-full, localized', `sam. 2026-12-05 19:54:29 +03 myhost kernel: ${TEXT}`, NaN, 'sam. 2026-12-05 19:54:29 +03'],
    ['RFC 5424', `<4>1 2026-12-05T19:54:29.253260+00:00 myhost kernel - - - ${TEXT}`, NaN, '2026-12-05T19:54:29.253260+00:00'],
    ['RFC 5424, dmesg time, structured data, BOM', `<3>1 2026-12-05T19:54:29Z h kernel 12 oom [meta x="a \\"]\\" b"][y] \ufeff[ 3.250000] ${TEXT}`, 3.25, '2026-12-05T19:54:29Z'],
    ['RFC 5424, no PRI, no time', `1 - myhost kernel - - - ${TEXT}`, NaN, ''],
    ['GitHub Actions log around dmesg', `2026-12-05T19:54:01.0000037Z [41763.258838] ${TEXT}`, 41763.258838, '2026-12-05T19:54:01.0000037Z'],
    ['GitHub Actions log around dmesg -T', `2026-12-05T19:54:01.0000037Z [Sat Dec  5 19:50:00 2026] ${TEXT}`, NaN, 'Sat Dec  5 19:50:00 2026'],
    ['GitHub Actions log around journalctl', `2026-12-05T19:54:01.0000037Z Dec 05 19:53:59 myhost kernel: ${TEXT}`, NaN, 'Dec 05 19:53:59'],
    ['dmesg | ts', `Dec 05 19:54:01 [41763.258838] ${TEXT}`, 41763.258838, 'Dec 05 19:54:01'],
    ['OpenWrt logread', `Mon Apr 12 18:29:48 2021 kern.warn kernel: [  267.720081] ${TEXT}`, 267.720081, 'Mon Apr 12 18:29:48 2021'],
    ['BusyBox syslogd', `Apr 12 18:29:48 router kern.warn kernel: ${TEXT}`, NaN, 'Apr 12 18:29:48'],
    ['talosctl dmesg', `10.1.1.2: kern: warning: [2022-01-25T10:35:59.108125566Z]: ${TEXT}`, NaN, '2022-01-25T10:35:59.108125566Z'],
    ['talosctl dmesg, no node, padded level', ` kern:    info: [2025-05-18T15:40:20.654325542Z]: ${TEXT}`, NaN, '2025-05-18T15:40:20.654325542Z'],
    ['talosctl dmesg, host name', `mc-pt1-pkp-srv-1a: kern:     err: [2025-09-13T20:46:45Z]: ${TEXT}`, NaN, '2025-09-13T20:46:45Z'],
    ['CRI', `2024-01-01T00:00:00.000000000Z stderr F [ 1.500000] ${TEXT}`, 1.5, '2024-01-01T00:00:00.000000000Z'],
    ['CRI around syslog', `2024-01-01T00:00:00Z stdout F Nov 28 12:42:22 myhost kernel: ${TEXT}`, NaN, 'Nov 28 12:42:22'],
    ['Docker json-file', JSON.stringify({ log: `[ 2.000000] ${TEXT}\n`, stream: 'stdout', time: '2024-01-01T00:00:00.1Z' }), 2, '2024-01-01T00:00:00.1Z'],
  ])('%s', (_label, line, seconds, wall) => {
    const got = strip(line);
    expect(got?.text).toBe(TEXT);
    expect(got?.seconds).toBe(seconds);
    expect(got?.wall).toBe(wall);
  });

  it('drops lines of other syslog programs and kmsg continuation lines', () => {
    expect(strip('Dec 14 17:13:12 host systemd[2765]: run-u820.service: A process of this unit has been killed by the OOM killer.')).toBeUndefined();
    expect(strip(' SUBSYSTEM=acpi')).toBeUndefined();
    expect(strip(`Sat 2026-12-05 19:54:29 UTC host systemd[1]: ${TEXT}`)).toBeUndefined();
    expect(strip(`<30>1 2026-12-05T19:54:29Z host systemd 1 - - ${TEXT}`)).toBeUndefined();
    // a copier's time before another program's line, or before text with no kernel prefix of its own
    expect(strip(`2026-12-05T19:54:01.0000037Z Dec 05 19:53:59 myhost systemd[1]: ${TEXT}`)).toBeUndefined();
    expect(strip(`2026-12-05T19:54:01.0000037Z ${TEXT}`)).toBeUndefined();
    expect(strip(`user: warning: [2026-01-12T20:27:31.913975631Z]: [talos] ${TEXT}`)).toBeUndefined();
    // OpenWrt's logread: kernel and other programs' lines, verbatim from kuoruan/openwrt-v2ray#126
    expect(strip('Mon Apr 12 18:29:48 2021 kern.warn kernel: [  267.720081] hostapd invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0')).toEqual({
      text: 'hostapd invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
      seconds: 267.720081,
      wall: 'Mon Apr 12 18:29:48 2021',
    });
    expect(strip('Mon Apr 12 18:29:38 2021 daemon.info v2ray[4723]: V2Ray 4.37.2 (OpenWrt) R2 (go1.16 linux/mips)')).toBeUndefined();
    expect(strip('Mon Apr 12 18:29:38 2021 authpriv.info dropbear[3327]: Exit (root) from <192.168.7.146:1297>: Exited normally')).toBeUndefined();
    expect(strip(`Apr 12 18:29:48 router daemon.info v2ray[4723]: ${TEXT}`)).toBeUndefined();
    expect(strip(`2026-12-05T19:54:01.0000037Z 2026-12-05T19:54:00.0000037Z [ 1.000000] ${TEXT}`)).toBeUndefined();
  });

  it('drops the lines dmesg -x marks as not the kernel\'s', () => {
    expect(strip(`user  :warn  : [   76.203986] ${TEXT}`)).toBeUndefined();
  });

  it('never takes kernel text for a wrapper', () => {
    for (const text of [
      'kern: usage 5kB, limit 9kB, failcnt 0',
      'info: something: else',
      'usb 1-1: new high-speed USB device',
      '[T12 is not a caller id',
      '{"log": not json',
      '{"log":"x","stream":"stdout"} and more',
      'MESSAGE=not indented',
      'kernel: usage',
      'Kernel command line: ro quiet',
      '1 - is not RFC 5424',
      '1 2026-12-05T19:54:29Z h kernel - - [unterminated',
      'Sat 2026-12-05 is not a time',
    ]) {
      expect(strip(`[ 1.000000] ${text}`)?.text).toBe(text);
    }
    expect(strip('[ 1.000000] [T12] text')?.text).toBe('text');
  });

  it('reads talosctl dmesg lines as pasted in issues (their trailing padding kept)', () => {
    // siderolabs/talos#11046 (2025-05-18) and talos-rpi5/talos-builder#11 (2025-09-13), verbatim
    expect(strip(' kern:    info: [2025-05-18T15:40:20.654325542Z]: memory: usage 40964kB, limit 40960kB, failcnt 172        ')).toEqual({
      text: 'memory: usage 40964kB, limit 40960kB, failcnt 172        ',
      seconds: NaN,
      wall: '2025-05-18T15:40:20.654325542Z',
    });
    expect(strip(' kern: warning: [2025-05-18T15:40:20.654322542Z]:  </TASK>   ')?.text).toBe(' </TASK>   ');
    expect(strip('mc-pt1-pkp-srv-1a: kern: warning: [2025-09-13T20:46:45.389105849Z]: active_anon:9997 inactive_anon:5364 isolated_anon:0')?.text).toBe(
      'active_anon:9997 inactive_anon:5364 isolated_anon:0',
    );
    // the summary's other lines follow as the kernel printed them, a space first
    expect(strip(' active_file:2571 inactive_file:2608 isolated_file:0')?.text).toBe(' active_file:2571 inactive_file:2608 isolated_file:0');
  });

  it('leaves task-table rows and Mem-Info continuation lines alone', () => {
    expect(strip('[  485]     0   485      696        2   0     -17         -1000 udevd')?.text).toBe('[  485]     0   485      696        2   0     -17         -1000 udevd');
    expect(strip('[ 2106.430043]  active_file:26 inactive_file:51')?.text).toBe(' active_file:26 inactive_file:51');
    expect(strip('1046000 pages RAM')?.text).toBe('1046000 pages RAM');
  });
});

describe('every prefix style yields the same event', () => {
  const report = [
    'python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    'memory: usage 65536kB, limit 65536kB, failcnt 0',
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a/b,task=python3,pid=7,uid=0',
    'Memory cgroup out of memory: Killed process 7 (python3) total-vm:221368kB, anon-rss:65152kB, file-rss:6612kB, shmem-rss:0kB, UID:0 pgtables:180kB oom_score_adj:0',
  ];
  const styles: Array<[string, (line: string, i: number) => string]> = [
    ['bare', (l) => l],
    ['dmesg', (l, i) => `[ 10.00000${i}] ${l}`],
    ['dmesg -T', (l) => `[Sat Nov 28 12:42:22 2026] ${l}`],
    ['syslog', (l, i) => `Nov 28 12:42:22 host kernel: [ 10.00000${i}] ${l}`],
    ['journal', (l) => `Nov 28 12:42:22 host kernel: ${l}`],
    ['kmsg', (l, i) => `6,${100 + i},1000000${i},-;${l}`],
    ['CRLF', (l) => `${l}\r`],
  ];
  it.each(styles)('%s', (_label, wrap) => {
    const noise = ['Nov 28 12:42:22 host sshd[1]: Accepted publickey for root', '[ 9.9] usb 1-1: new high-speed USB device', ' SUBSYSTEM=usb'];
    const text = [...noise, ...report.map(wrap), ...noise].join('\n');
    const [e, ...rest] = parseKernelLog(text);
    expect(rest).toEqual([]);
    expect(e?.trigger).toEqual({ name: 'python3', gfpMask: '0xcc0(GFP_KERNEL)', gfpFlags: ['GFP_KERNEL'], order: 0, oomScoreAdj: 0 });
    expect(e?.constraint).toBe('memcg');
    expect(e?.memcg).toEqual({ path: '/a', taskPath: '/a/b', usageKb: 65536, limitKb: 65536, failcnt: 0 });
    expect(e?.victim).toEqual({ pid: 7, name: 'python3', totalVmKb: 221368, anonRssKb: 65152, fileRssKb: 6612, shmemRssKb: 0, uid: 0, pgtablesKb: 180, oomScoreAdj: 0 });
  });
});
