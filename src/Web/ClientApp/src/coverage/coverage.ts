import { ApiError } from '../api/http';
import { shanghaiToday } from '../wall/days';

/** One grid worker's share of their own grid (CoverageApi.WorkerCoverage). */
export interface WorkerCoverage {
  userId: string;
  grid: string;
  visitedCells: number;
  coverage: number;
}

/** One grid of an area's reading (CoverageApi.GridCoverage). */
export interface GridCoverage {
  grid: string;
  name: string;
  cells: number;
  visitedCells: number;
  coverage: number;
}

/** The figures every coverage reading has: cells, cells visited, their share (0–1, to 0.1 %), and whether the fix cap cut it short. */
export interface CoverageFigures {
  from: string;
  to: string;
  cellMetres: number;
  cells: number;
  visitedCells: number;
  coverage: number;
  /** More fixes were kept than one reading considers: the figures are low. */
  truncated: boolean;
  workers: WorkerCoverage[];
}

/** GET /api/assessment/coverage/areas/{code}. */
export interface AreaCoverage extends CoverageFigures {
  area: string;
  name: string;
  grids: GridCoverage[];
}

/** GET /api/assessment/coverage/people/{userId}: the worker's own grid and share. */
export interface PersonCoverage extends CoverageFigures {
  grid: string;
  name: string;
}

/**
 * What a screen shows of a reading: the last one read (kept when a later read fails, marked
 * stale), or that there is none to read (404: no track yet) or none this user may read (403).
 */
export interface CoverageState<T> {
  reading: T | null;
  missing: boolean;
  refused: boolean;
  stale: boolean;
}

export const emptyCoverage: CoverageState<never> = { reading: null, missing: false, refused: false, stale: false };

/** Today (Asia/Shanghai, the assessment's days) as the query of a coverage reading. */
function today(now: Date): string {
  const { from, to } = shanghaiToday(now);
  return `from=${from}&to=${to}`;
}

export function areaCoverageUrl(areaCode: string, now: Date): string {
  return `/api/assessment/coverage/areas/${encodeURIComponent(areaCode)}?${today(now)}`;
}

export function personCoverageUrl(userId: string, now: Date): string {
  return `/api/assessment/coverage/people/${encodeURIComponent(userId)}?${today(now)}`;
}

/** The state after a read: a 404 means nothing recorded, a 403 nothing to show; any other failure keeps the last reading, stale. */
export function nextCoverageState<T>(previous: CoverageState<T>, outcome: { value: T } | { error: unknown }): CoverageState<T> {
  if ('value' in outcome) {
    return { reading: outcome.value, missing: false, refused: false, stale: false };
  }
  const status = outcome.error instanceof ApiError ? outcome.error.status : null;
  if (status === 404) {
    return { reading: null, missing: true, refused: false, stale: false };
  }
  if (status === 403) {
    return { reading: null, missing: false, refused: true, stale: false };
  }
  return { ...previous, stale: true };
}

/** A share of 0–1 as a percentage with at most one decimal (as the server rounds it), in the page's language. */
export function coveragePercent(rate: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** A count of cells with the page language's digit grouping: a district has millions. */
export function cellCount(count: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}

const gridCodeLength = 15;

/**
 * A grid worker's share of their grid from an area's reading: their entry (the one for the grid
 * they are homed in first), else 0 when they are homed in a grid of the area (no fix today), else
 * null (not a worker, no reading yet, or homed outside the area's grids: nothing to measure).
 */
export function workerShare(
  reading: AreaCoverage | null,
  person: { kind: string; id: string; homeArea: string | null },
): WorkerCoverage | null {
  if (reading === null || person.kind !== 'Worker') {
    return null;
  }
  const entries = reading.workers.filter((worker) => worker.userId === person.id);
  const entry = entries.find((worker) => worker.grid === person.homeArea) ?? entries[0];
  if (entry) {
    return entry;
  }
  const home = person.homeArea;
  return home !== null && home.length === gridCodeLength && home.startsWith(reading.area)
    ? { userId: person.id, grid: home, visitedCells: 0, coverage: 0 }
    : null;
}
