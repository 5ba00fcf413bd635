import { describe, expect, it } from 'vitest';
import { defaultWindow, fromLocalInput, Playback } from './playback';
import type { PositionFix } from './types';

function fix(minute: number, longitude: number): PositionFix {
  const at = `2026-11-26T08:${String(minute).padStart(2, '0')}:00Z`;
  return { longitude, latitude: 32.43, accuracyMetres: null, takenAt: at, receivedAt: at };
}

describe('Playback', () => {
  it('plays the points in the order they were taken', () => {
    const playback = new Playback([fix(3, 105.3), fix(1, 105.1), fix(2, 105.2)]);
    expect(playback.points.map((point) => point.longitude)).toEqual([105.1, 105.2, 105.3]);
    expect(playback.current?.longitude).toBe(105.1);
    expect(playback.atStart).toBe(true);
  });

  it('steps forward and back and never leaves the track', () => {
    const playback = new Playback([fix(1, 105.1), fix(2, 105.2), fix(3, 105.3)]);
    expect(playback.step(1)).toBe(1);
    expect(playback.step(5)).toBe(2);
    expect(playback.atEnd).toBe(true);
    expect(playback.step(-1)).toBe(1);
    expect(playback.step(-9)).toBe(0);
    expect(playback.end()).toBe(2);
    expect(playback.first()).toBe(0);
    expect(playback.seek(1.6)).toBe(2);
    expect(playback.seek(Number.NaN)).toBe(0);
  });

  it('seeks by time to the last point taken at or before it', () => {
    const playback = new Playback([fix(1, 105.1), fix(2, 105.2), fix(4, 105.4)]);
    expect(playback.seekTime(Date.parse('2026-11-26T08:03:30Z'))).toBe(1);
    expect(playback.seekTime(Date.parse('2026-11-26T07:00:00Z'))).toBe(0);
    expect(playback.seekTime(Date.parse('2026-11-26T09:00:00Z'))).toBe(2);
  });

  it('has no current point on an empty track', () => {
    const playback = new Playback([]);
    expect(playback.current).toBeNull();
    expect(playback.step(1)).toBe(0);
    expect(playback.atStart && playback.atEnd).toBe(true);
  });
});

describe('the playback window', () => {
  it('defaults to the last two hours, ending after now', () => {
    const now = Date.parse('2026-11-26T08:30:20Z');
    const window = defaultWindow(now);
    const from = Date.parse(fromLocalInput(window.from)!);
    const to = Date.parse(fromLocalInput(window.to)!);
    expect(to).toBeGreaterThan(now);
    expect(to - from).toBe(2 * 60 * 60 * 1000 + 60_000);
  });

  it('reads an empty or broken input as no time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a time')).toBeNull();
  });
});
