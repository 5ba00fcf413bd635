import type { IncidentSummary } from '../live/types';

/**
 * The open-case load of a grid in classes with fixed bounds, so a colour means the same number of
 * cases all day long (a scale that stretched to the busiest grid would recolour the whole map
 * whenever one grid got busier). Sequential: one hue from pale to dark (ColorBrewer YlOrRd), and
 * a neutral grey-blue for grids with nothing open.
 */
export interface LoadClass {
  /** The smallest load in the class. */
  readonly from: number;
  /** The largest load in the class; null for the open-ended last class. */
  readonly to: number | null;
  readonly colour: string;
}

export const loadClasses: readonly LoadClass[] = [
  { from: 0, to: 0, colour: '#e8eef5' },
  { from: 1, to: 1, colour: '#ffffb2' },
  { from: 2, to: 3, colour: '#fecc5c' },
  { from: 4, to: 6, colour: '#fd8d3c' },
  { from: 7, to: 10, colour: '#f03b20' },
  { from: 11, to: null, colour: '#bd0026' },
];

/** The index in loadClasses of a load (negative or fractional loads are not expected; they clamp). */
export function loadClassOf(load: number): number {
  for (let index = loadClasses.length - 1; index > 0; index--) {
    if (load >= loadClasses[index]!.from) {
      return index;
    }
  }
  return 0;
}

export function loadColour(load: number): string {
  return loadClasses[loadClassOf(load)]!.colour;
}

/** Open cases per grid code; grids with nothing open are absent. */
export function loadByGrid(cases: readonly IncidentSummary[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const item of cases) {
    loads.set(item.gridCode, (loads.get(item.gridCode) ?? 0) + 1);
  }
  return loads;
}

/**
 * The grids whose class changed between two load tables, with their new class: the map restyles
 * only these, so a batch of deltas touches a few polygons, not all of them.
 */
export function changedClasses(drawn: ReadonlyMap<string, number>, loads: ReadonlyMap<string, number>, codes: Iterable<string>): Map<string, number> {
  const changes = new Map<string, number>();
  for (const code of codes) {
    const next = loadClassOf(loads.get(code) ?? 0);
    if ((drawn.get(code) ?? 0) !== next) {
      changes.set(code, next);
    }
  }
  return changes;
}
