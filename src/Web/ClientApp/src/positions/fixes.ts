/** One position as the device took it; `at` is when (the server keeps one fix per person and instant). */
export interface Fix {
  longitude: number;
  latitude: number;
  accuracyMetres: number | null;
  /** Milliseconds since the epoch, from the device's clock. */
  takenAt: number;
}

/** The body of one fix in the hub's UpdatePositions (PositionReport of src/Web/Workers/PositionsApi.cs). */
export interface PositionReport {
  longitude: number;
  latitude: number;
  accuracyMetres: number | null;
  at: string;
}

export const reportOf = (fix: Fix): PositionReport => ({
  longitude: fix.longitude,
  latitude: fix.latitude,
  accuracyMetres: fix.accuracyMetres,
  at: new Date(fix.takenAt).toISOString(),
});

/** What the browser's Geolocation API hands the page, reduced to what is sent. */
export function fixOf(position: { coords: { longitude: number; latitude: number; accuracy: number }; timestamp: number }): Fix {
  const accuracy = position.coords.accuracy;
  return {
    longitude: position.coords.longitude,
    latitude: position.coords.latitude,
    accuracyMetres: Number.isFinite(accuracy) && accuracy >= 0 ? accuracy : null,
    takenAt: position.timestamp,
  };
}

const earthRadiusMetres = 6371008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine): exact enough for metres within a district. */
export function distanceMetres(a: Pick<Fix, 'longitude' | 'latitude'>, b: Pick<Fix, 'longitude' | 'latitude'>): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusMetres * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface FixFilterOptions {
  /** A fix nearer than this to the last kept one … */
  minMetres?: number;
  /** … and taken sooner than this after it adds nothing to a track: it is dropped. */
  minIntervalMs?: number;
}

/**
 * Whether a new fix is worth keeping after the last one kept: a phone standing still reports the
 * same place every second, which costs battery, bandwidth and storage and tells nobody anything.
 * A fix is dropped only when it is both close in space and close in time; one older than the last
 * kept (the device's clock or a cached fix) is dropped too, so a track only moves forward.
 */
export function worthKeeping(last: Fix | null, next: Fix, options: FixFilterOptions = {}): boolean {
  if (!last) {
    return true;
  }
  if (next.takenAt <= last.takenAt) {
    return false;
  }
  const minMetres = options.minMetres ?? 5;
  const minIntervalMs = options.minIntervalMs ?? 15000;
  return distanceMetres(last, next) >= minMetres || next.takenAt - last.takenAt >= minIntervalMs;
}
