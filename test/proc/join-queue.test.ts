import { describe, expect, it } from 'vitest';
import { Group } from '../../src/proc/group.js';
import { JoinQueue } from '../../src/proc/join-queue.js';

describe('JoinQueue', () => {
  const a = new Group('a', 'participant', 1, 16);
  const b = new Group('b', 'cgroup', undefined, 16);

  it('keeps arrival order and queues a pid once per group while it waits', () => {
    const q = new JoinQueue();
    q.add(10, b, undefined);
    q.add(11, a, 0);
    q.add(10, b, undefined); // listed again by the next cgroup scan
    q.add(10, a, 0); // the same pid, another group
    expect(q.size).toBe(3);
    const seen: string[] = [];
    q.drain(1000, (j) => seen.push(`${j.pid}:${j.group.name}:${j.owner}`));
    expect(seen).toEqual(['10:b:undefined', '11:a:0', '10:a:0']);
    expect(q.size).toBe(0);
    // joined, so it may wait again (a pid that left and came back)
    q.add(10, b, undefined);
    expect(q.size).toBe(1);
  });

  it('stops when its budget is spent, after at least one, and the rest wait for the next drain', () => {
    const q = new JoinQueue();
    for (let pid = 1; pid <= 5; pid++) q.add(pid, a, undefined);
    const seen: number[] = [];
    const slow = (j: { pid: number }): void => {
      seen.push(j.pid);
      const until = performance.now() + 2;
      while (performance.now() < until) {
        // a join that costs 2 ms
      }
    };
    q.drain(0, slow);
    expect(seen).toEqual([1]);
    expect(q.size).toBe(4);
    q.drain(3, slow);
    expect(seen.length).toBeGreaterThanOrEqual(2); // at least one more (no assertion on how many fit in 3 ms)
    q.drain(1000, slow);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(q.size).toBe(0);
  });
});
