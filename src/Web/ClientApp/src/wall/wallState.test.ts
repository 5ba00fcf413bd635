import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentStore } from '../live/incidentStore';
import { areaScope } from '../live/scopes';
import { delta, summary } from '../live/testing';
import type { IncidentState } from '../live/types';
import { lastDayBefore, shanghaiTime, shanghaiToday } from './days';
import { openFigures, percent } from './headline';
import { loadByGrid } from './loadScale';
import { Throttle } from './throttle';

const loop: IncidentState[] = ['Reported', 'PendingRegistration', 'Registered', 'Dispatched', 'InProgress', 'Handled', 'Checking', 'PendingClose', 'Closed'];

describe('the wall store over a long day', () => {
  it('holds only open cases: a day of cases walked through the loop to closure leaves nothing held', () => {
    const store = new IncidentStore(areaScope('510802').contains, { departedLimit: 500 });
    // 600 cases in 20 grids, each through the nine steps of the closed loop, 40 cases in flight at a time.
    for (let wave = 0; wave < 15; wave++) {
      for (let step = 0; step < loop.length; step++) {
        const batch = [];
        for (let index = wave * 40; index < (wave + 1) * 40; index++) {
          const gridCode = `510802002003${String(index % 20).padStart(3, '0')}`;
          batch.push(delta(`case-${index}`, step + 1, { state: loop[step]!, gridCode }));
        }
        store.applyDeltas(batch);
        expect(store.size).toBe(step === loop.length - 1 ? 0 : 40);
      }
    }
    expect(store.size).toBe(0);
    expect(loadByGrid(store.values()).size).toBe(0);
    // The memory of departed cases is bounded too, and a late older delta cannot bring one back.
    expect(store.versionOf('case-0')).toBe(0);
    expect(store.versionOf('case-599')).toBe(9);
    expect(store.applyDeltas([delta('case-599', 8, { state: 'PendingClose' })])).toBe(0);
    expect(store.size).toBe(0);
  });
});

describe('headline figures', () => {
  it('counts open, red, urgent and emergency cases in one pass', () => {
    const figures = openFigures([
      summary('a', 1, { light: 'Red' }),
      summary('b', 1, { urgent: true, category: 'TF' }),
      summary('c', 1, { light: 'Yellow', category: 'TF' }),
      summary('d', 1),
    ]);
    expect(figures).toEqual({ open: 4, red: 1, urgent: 1, emergencies: 2 });
  });

  it('writes rates as percentages, none when nothing was due', () => {
    expect(percent(0.8765, 'en')).toBe('87.7%');
    expect(percent(1, 'en')).toBe('100%');
    expect(percent(null, 'en')).toBeNull();
  });
});

describe('Asia/Shanghai days', () => {
  it('reads today as the district does, also when it is still yesterday in UTC', () => {
    expect(shanghaiToday(new Date('2026-11-26T15:59:59Z'))).toEqual({ from: '2026-11-26', to: '2026-11-27' });
    expect(shanghaiToday(new Date('2026-11-26T16:00:00Z'))).toEqual({ from: '2026-11-27', to: '2026-11-28' });
    expect(shanghaiToday(new Date('2026-12-31T17:00:00Z'))).toEqual({ from: '2027-01-01', to: '2027-01-02' });
  });

  it('tells the time of a report in Beijing time and the last day of a period', () => {
    expect(shanghaiTime('2026-11-26T06:05:09.123+00:00')).toBe('14:05');
    expect(lastDayBefore('2026-12-01')).toBe('2026-11-30');
  });
});

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('folds a burst of requests into one run now and one after the gap', async () => {
    let runs = 0;
    const throttle = new Throttle(async () => void runs++, 1000, () => Date.now());
    for (let index = 0; index < 50; index++) {
      throttle.request();
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    for (let index = 0; index < 50; index++) {
      throttle.request();
    }
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs again after a run that was asked for while it ran', async () => {
    let runs = 0;
    let finish: () => void = () => undefined;
    const throttle = new Throttle(() => new Promise<void>((resolve) => ((finish = resolve), runs++)), 100, () => Date.now());
    throttle.request();
    await vi.advanceTimersByTimeAsync(0);
    throttle.request();
    throttle.request();
    expect(vi.getTimerCount()).toBe(0);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
  });

  it('leaves no timer behind once disposed', async () => {
    let runs = 0;
    const throttle = new Throttle(async () => void runs++, 1000, () => Date.now());
    throttle.request();
    await vi.advanceTimersByTimeAsync(0);
    throttle.request();
    throttle.dispose();
    throttle.request();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });
});
