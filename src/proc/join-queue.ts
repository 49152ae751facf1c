import type { Group } from './group.js';

// Pids waiting for their probe. Opening a pid's three /proc files and reading them costs ~0.5 ms on
// this VM; 1000 hogs starting within two seconds gave ticks of 100-400 ms in which the harness
// neither sampled nor read the kernel log, and the longer a tick, the more pids the next one found.
// New pids wait here instead, and each tick probes them for at most a share of its interval (at
// least one per tick); the rest wait for the next tick. A pid waits once per group.

/** One pid to join to one group; `owner`: its participant's index, when its descendants are followed. */
export interface PendingJoin {
  pid: number;
  group: Group;
  owner: number | undefined;
}

/** Joins that wait for a tick with time to spare. */
export class JoinQueue {
  private items: PendingJoin[] = [];
  private head = 0;
  private readonly queued = new Map<Group, Set<number>>();

  get size(): number {
    return this.items.length - this.head;
  }

  // Why: a pid found again (a cgroup is listed every scan) while it still waits is not queued twice.
  add(pid: number, group: Group, owner: number | undefined): void {
    let set = this.queued.get(group);
    if (!set) this.queued.set(group, (set = new Set()));
    if (set.has(pid)) return;
    set.add(pid);
    this.items.push({ pid, group, owner });
  }

  // Why: the tick's share of joins; `join` is called for each, in arrival order, until budgetMs is spent.
  drain(budgetMs: number, join: (j: PendingJoin) => void): void {
    const end = performance.now() + budgetMs;
    do {
      const j = this.items[this.head++]!;
      this.queued.get(j.group)?.delete(j.pid);
      join(j);
    } while (this.head < this.items.length && performance.now() < end);
    if (this.head === this.items.length) (this.items = []), (this.head = 0);
    else if (this.head >= 1024) (this.items = this.items.slice(this.head)), (this.head = 0);
  }
}
