import { describe, expect, it } from 'vitest';
import type { Instance } from '../../src/run/instance.js';
import { stopAll } from '../../src/run/teardown.js';

/** A participant as stopAll sees it: it ends `exitMs` after the signals it obeys (never, for others). */
class Fake {
  running = true;
  private exiting = false;
  readonly got: NodeJS.Signals[] = [];
  constructor(
    private readonly board: { inFlight: number; most: number },
    private readonly exitMs: number,
    private readonly obeys: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGKILL'],
  ) {}
  stop(signal: NodeJS.Signals): void {
    if (!this.running) return;
    this.got.push(signal);
    if (this.exiting || !this.obeys.includes(signal)) return;
    this.exiting = true;
    this.board.inFlight++;
    this.board.most = Math.max(this.board.most, this.board.inFlight);
    setTimeout(() => {
      this.board.inFlight--;
      this.running = false;
    }, this.exitMs);
  }
}

// Teardown paces its signals by the exits (src/run/teardown.ts): the policy, with participants that
// end when told; the real processes are stopped in the privileged run tests (many-participants).
describe('stopAll', () => {
  it('tells every participant, with at most 32 told and still running at a time', async () => {
    const board = { inFlight: 0, most: 0 };
    const all = Array.from({ length: 200 }, () => new Fake(board, 3));
    await stopAll(all as unknown as Instance[], 2000);
    expect(all.every((f) => !f.running)).toBe(true);
    for (const f of all) expect(f.got).toEqual(['SIGTERM']);
    expect(board.most).toBeGreaterThan(1);
    expect(board.most).toBeLessThanOrEqual(32);
  });

  it('one that ignores SIGTERM holds its place only briefly, and gets SIGKILL after the grace period', async () => {
    const board = { inFlight: 0, most: 0 };
    const stubborn = Array.from({ length: 40 }, () => new Fake(board, 1, ['SIGKILL']));
    const polite = Array.from({ length: 40 }, () => new Fake(board, 1));
    const all = [...stubborn, ...polite];
    await stopAll(all as unknown as Instance[], 1000);
    expect(all.every((f) => !f.running)).toBe(true);
    for (const f of stubborn) expect(f.got).toEqual(['SIGTERM', 'SIGKILL']);
    // the polite ones were told while the stubborn ones still ran, and ended within the grace period
    for (const f of polite) expect(f.got).toEqual(['SIGTERM']);
  });
});
