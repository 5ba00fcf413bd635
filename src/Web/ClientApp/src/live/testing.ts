import type { IncidentDelta, IncidentState, IncidentSummary, ScopeSnapshot } from './types';

/** Test data: a case in grid 510802002003003 of the demo district, open unless told otherwise. */
export function summary(id: string, version: number, overrides: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id,
    version,
    state: 'Reported' as IncidentState,
    category: 'CG',
    subcategory: 'CG03',
    gridCode: '510802002003003',
    longitude: 105.84,
    latitude: 32.43,
    urgent: false,
    source: 'Patrol',
    assignedUnitId: null,
    title: `case ${id} v${version}`,
    reportedAt: '2026-11-26T08:00:00Z',
    updatedAt: '2026-11-26T08:00:00Z',
    ...overrides,
  };
}

export function delta(id: string, version: number, overrides: Partial<IncidentSummary> = {}): IncidentDelta {
  return { incidentId: id, version, summary: summary(id, version, overrides), receivedAt: '2026-11-26T08:00:00Z' };
}

export function snapshot(incidents: IncidentSummary[], topic = 'area:510802'): ScopeSnapshot {
  return { topic, incidents, counters: null, takenAt: '2026-11-26T08:00:01Z' };
}
