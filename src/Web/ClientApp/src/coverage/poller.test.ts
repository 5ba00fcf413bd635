import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller } from './poller';

/** A load whose answers the test releases one by one. */
function loads() {
  const pending: { resolve: (value: number) => void; reject: (error: unknown) => void; signal: AbortSignal }[] = [];
  const load = (signal: AbortSignal) =>
    new Promise<number>((resolve, reject) => {
      pending.push({ resolve, reject, signal });
    });
  return { load, pending };
}

describe('Poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads at once when started and again each period, not on a second start', async () => {
    const { load, pending } = loads();
    const settled: unknown[] = [];
    const poller = new Poller(load, (outcome) => settled.push(outcome), 60_000);

    poller.start();
    poller.start();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);

    expect(settled).toEqual([{ value: 1 }, { value: 2 }]);
    poller.stop();
  });

  it('reads at once on refresh and counts the period from then; a read overtaken by a newer one is dropped', async () => {
    const { load, pending } = loads();
    const settled: unknown[] = [];
    const poller = new Poller(load, (outcome) => settled.push(outcome), 60_000);
    poller.start();
    await vi.advanceTimersByTimeAsync(30_000);

    poller.refresh();
    expect(pending).toHaveLength(2);
    expect(pending[0]!.signal.aborted).toBe(true);
    pending[0]!.resolve(1);
    pending[1]!.resolve(2);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(pending).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(pending).toHaveLength(3);

    expect(settled).toEqual([{ value: 2 }]);
    poller.stop();
  });

  it('hands a failure on, and after stop neither reads nor settles', async () => {
    const { load, pending } = loads();
    const settled: unknown[] = [];
    const poller = new Poller(load, (outcome) => settled.push(outcome), 60_000);
    poller.start();
    const failure = new Error('offline');
    pending[0]!.reject(failure);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toEqual([{ error: failure }]);

    poller.stop();
    expect(poller.running).toBe(false);
    expect(pending[1]!.signal.aborted).toBe(true);
    pending[1]!.resolve(3);
    await vi.advanceTimersByTimeAsync(180_000);

    expect(pending).toHaveLength(2);
    expect(settled).toEqual([{ error: failure }]);
  });
});
