import type { IncidentSummary } from '../live/types';
import { emergencyCategory } from './announcements';

/** The wall's headline figures that come from the open cases it holds. */
export interface OpenFigures {
  open: number;
  red: number;
  urgent: number;
  emergencies: number;
}

/** One pass over the open cases, once per batch. */
export function openFigures(cases: readonly IncidentSummary[]): OpenFigures {
  const figures: OpenFigures = { open: cases.length, red: 0, urgent: 0, emergencies: 0 };
  for (const item of cases) {
    if (item.light === 'Red') {
      figures.red++;
    }
    if (item.urgent) {
      figures.urgent++;
    }
    if (item.category === emergencyCategory) {
      figures.emergencies++;
    }
  }
  return figures;
}

/** A rate of 0–1 as a whole percentage for the wall (one decimal below 100 %), or null. */
export function percent(rate: number | null | undefined, language: string): string | null {
  if (rate === null || rate === undefined) {
    return null;
  }
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: rate >= 1 ? 0 : 1 }).format(rate);
}
