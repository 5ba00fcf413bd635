/** The wire shapes of the live hub (src/Web/Live/LiveHub.cs, src/Grains/Live/LiveContracts.cs). */

export type IncidentState =
  | 'Reported'
  | 'Verifying'
  | 'SelfHandled'
  | 'PendingRegistration'
  | 'Registered'
  | 'Dispatched'
  | 'InProgress'
  | 'Hung'
  | 'Handled'
  | 'Checking'
  | 'PendingClose'
  | 'Closed'
  | 'Rejected'
  | 'Voided';

export type ClockColour = 'Green' | 'Yellow' | 'Red';

/** What a list row or a map marker needs to show a case; the unit of live deltas. */
export interface IncidentSummary {
  id: string;
  version: number;
  state: IncidentState;
  category: string;
  subcategory: string;
  gridCode: string;
  longitude: number;
  latitude: number;
  urgent: boolean;
  source: string;
  assignedUnitId: string | null;
  title: string;
  reportedAt: string;
  updatedAt: string;
  light?: ClockColour | null;
  dueAt?: string | null;
  escalationLevel?: number;
  likelyDuplicate?: boolean;
  mergedInto?: string | null;
}

/** One change pushed by the hub. */
export interface IncidentDelta {
  incidentId: string;
  version: number;
  summary: IncidentSummary;
  receivedAt: string;
  releasedUnitId?: string | null;
}

export interface StateCount {
  state: IncidentState;
  category: string;
  count: number;
}

export interface CounterTable {
  rows: StateCount[];
}

/** The state of a scope at the moment of subscribing; deltas follow. */
export interface ScopeSnapshot {
  topic: string;
  incidents: IncidentSummary[];
  counters: CounterTable | null;
  takenAt: string;
}

const finished: ReadonlySet<IncidentState> = new Set<IncidentState>(['Closed', 'Rejected', 'Voided']);

/** On the open lists and counters: not finished and not merged into another case (IncidentSummary.IsOpen). */
export function isOpen(summary: IncidentSummary): boolean {
  return !finished.has(summary.state) && !summary.mergedInto;
}
