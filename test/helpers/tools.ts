// The tools the suite uses that a machine may lack, each with the one way to get it. A test that skips
// for want of one says so with toolReason(), so the skip report (skip-report.ts) can count the tests
// each missing tool cost and print the command that installs them all. A skip for something that is
// not a tool (root, a memory cgroup, the other cgroup version) keeps its own free-text reason.

/** A tool the tests use, and how to install it. */
interface Tool {
  /** What the skip says is missing. */
  what: string;
  /** The Debian package that provides it, or the project script that fetches it. */
  apt?: string;
  script?: string;
}

/** Every tool a test may skip for. */
export const TOOLS = {
  qemu: { what: 'qemu-system-x86_64', apt: 'qemu-system-x86' },
  'vm-kernel': { what: 'a VM kernel', script: 'scripts/fetch-vm-kernel.sh' },
  busybox: { what: 'a static busybox', apt: 'busybox-static' },
  mkfs: { what: 'mkfs.ext4', apt: 'e2fsprogs' },
  chromium: { what: 'chromium', apt: 'chromium' },
  'stress-ng': { what: 'stress-ng', apt: 'stress-ng' },
  setpriv: { what: 'setpriv with --reuid', apt: 'util-linux' },
  unshare: { what: 'unshare', apt: 'util-linux' },
  swap: { what: 'swapon and mkswap', apt: 'util-linux' },
  losetup: { what: 'losetup, swapon and swapoff', apt: 'util-linux' },
  bash: { what: 'bash', apt: 'bash' },
  java: { what: 'java', apt: 'openjdk-17-jre-headless' },
  python3: { what: 'python3', apt: 'python3' },
} as const satisfies Record<string, Tool>;

/** The name of a tool in TOOLS. */
export type ToolId = keyof typeof TOOLS;

// Why: one spelling of "this tool is missing", which the skip report recognises in a test's title.
export function toolReason(id: ToolId): string {
  const t: Tool = TOOLS[id];
  return `needs ${t.what} (${t.apt ? `apt-get install ${t.apt}` : t.script})`;
}

// Why: the one command that installs every tool in the list (apt packages first, then scripts).
export function installCommand(ids: readonly ToolId[]): string {
  const tools: Tool[] = ids.map((id) => TOOLS[id]);
  const apt = [...new Set(tools.flatMap((t) => (t.apt ? [t.apt] : [])))];
  const scripts = [...new Set(tools.flatMap((t) => (t.script ? [t.script] : [])))];
  return [...(apt.length ? [`apt-get install ${apt.join(' ')}`] : []), ...scripts].join(' && ');
}

// Why: the skip report's reverse lookup: which missing tool a skipped test's title names, if any.
export function toolInTitle(title: string): ToolId | undefined {
  return (Object.keys(TOOLS) as ToolId[]).find((id) => title.includes(toolReason(id)));
}
