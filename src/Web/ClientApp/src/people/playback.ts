import type { PositionFix } from './types';

/** The window a playback starts with: the last two hours. */
export const defaultWindowMs = 2 * 60 * 60 * 1000;

/** The longest window the server reads at once (TracksApi.MaxWindow). */
export const maxWindowMs = 7 * 24 * 60 * 60 * 1000;

/** A `datetime-local` input's value for an instant, in the browser's time zone, to the minute. */
export function toLocalInput(instant: number): string {
  const date = new Date(instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value as an ISO instant, or null when it is empty or no time. */
export function fromLocalInput(value: string): string | null {
  if (!value) {
    return null;
  }
  const parsed = new Date(value).getTime();
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** The window's inputs for "the last two hours" at an instant; the end rounded up so the newest fix is inside. */
export function defaultWindow(now: number): { from: string; to: string } {
  const to = Math.ceil((now + 1) / 60_000) * 60_000;
  return { from: toLocalInput(to - defaultWindowMs - 60_000), to: toLocalInput(to) };
}

/**
 * A track played back: its fixes in the order they were taken, and a cursor that steps along
 * them (the slider and the step buttons move it; it never leaves the track).
 */
export class Playback {
  readonly points: readonly PositionFix[];
  private cursor = 0;

  constructor(points: readonly PositionFix[]) {
    // Stored oldest first already; sorted again so an offline batch that arrived late cannot jump back.
    this.points = [...points].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  }

  get index(): number {
    return this.cursor;
  }

  get last(): number {
    return Math.max(this.points.length - 1, 0);
  }

  get current(): PositionFix | null {
    return this.points[this.cursor] ?? null;
  }

  get atStart(): boolean {
    return this.cursor === 0;
  }

  get atEnd(): boolean {
    return this.cursor >= this.last;
  }

  /** Moves to a point by its place on the track, kept within it. */
  seek(index: number): number {
    this.cursor = Number.isFinite(index) ? Math.min(Math.max(Math.round(index), 0), this.last) : 0;
    return this.cursor;
  }

  step(by: number): number {
    return this.seek(this.cursor + by);
  }

  first(): number {
    return this.seek(0);
  }

  end(): number {
    return this.seek(this.last);
  }

  /** Moves to the last point taken at or before an instant (the first point before the track begins). */
  seekTime(instant: number): number {
    let found = 0;
    for (let index = 0; index < this.points.length; index++) {
      if (Date.parse(this.points[index]!.takenAt) <= instant) {
        found = index;
      } else {
        break;
      }
    }
    return this.seek(found);
  }
}

const secondFormats = new Map<string, Intl.DateTimeFormat>();

/** A fix's time to the second: points of a track are seconds apart. */
export function formatSecond(iso: string, locale: string): string {
  let format = secondFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
    secondFormats.set(locale, format);
  }
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : format.format(time);
}
