import type { ClockColour, IncidentState } from '../live/types';
import type { Role } from '../session/roles';
import type { Summons, SupervisionOrder } from './supervision';

/** A text in both languages, as the node writes LocalizedText. */
export interface LocalizedText {
  zhCn: string;
  en: string;
}

export function localized(text: LocalizedText | null | undefined, locale: string): string {
  if (!text) {
    return '';
  }
  return locale.startsWith('en') ? text.en : text.zhCn;
}

/** One step of a case's history (IncidentEvent, src/Grains/Incidents/IncidentEvents.cs). */
export interface IncidentEvent {
  version: number;
  command: string;
  from: IncidentState | null;
  to: IncidentState;
  actorUserId: string;
  actorRole: Role | 'System';
  actorUnitId: string | null;
  at: string;
  reason: string | null;
  attachments: string[];
  facts?: ({ kind: string } & Record<string, unknown>) | null;
}

export interface CaseClock {
  kind: string;
  dueAt?: string | null;
  colour?: ClockColour | null;
  [other: string]: unknown;
}

/** The case as GET /api/incidents/{id} returns it (IncidentRecord, personal data redacted). */
export interface IncidentRecord {
  id: string;
  version: number;
  state: IncidentState;
  report: {
    categoryCode: string;
    subcategoryCode: string;
    description: string;
    longitude: number;
    latitude: number;
    address: string | null;
    source: string;
    urgent: boolean;
    placement: { gridCode: string };
    sensitive?: boolean;
  };
  reportAttachments: string[];
  reportedAt: string;
  updatedAt: string;
  assignedUnitId: string | null;
  defaultUnitId: string | null;
  clocks?: CaseClock[];
  supervisions?: SupervisionOrder[];
  summonses?: Summons[];
  mergedInto?: string | null;
  /** Open cases nearby this report likely duplicates, as flagged at intake; empty when none. */
  likelyDuplicateOf?: string[];
  /** The reports merged into this case, each with its reporter. */
  mergedReports?: { incidentId: string; reporterUserId: string; mergedAt: string }[];
}

export interface IncidentDetails {
  incident: IncidentRecord;
  history: IncidentEvent[];
  allowed: string[];
}

/** The answer of a step: the case as it now stands and what the caller may do next. */
export interface StepAnswer {
  incident: IncidentRecord;
  allowed: string[];
}

/** The reference a step attaches for a stored photo (PhotosApi.ReferencePrefix). */
export const photoReferencePrefix = 'photo/';

/** The photos a case carries, report first then each step's, once each, in the order they were attached. */
export function photoIds(incident: IncidentRecord, history: readonly IncidentEvent[]): string[] {
  const references = [...incident.reportAttachments, ...history.flatMap((event) => event.attachments ?? [])];
  const ids = references.filter((reference) => reference.startsWith(photoReferencePrefix)).map((reference) => reference.slice(photoReferencePrefix.length));
  return [...new Set(ids)];
}

/** What the power list leads with (Subcategory.leadUnit): a unit id, or the territory's street office. */
export const territoryToken = 'territory';

/**
 * The unit the power list names to lead a case: the subcategory's lead unit, or for "territory"
 * the office of the street the grid lies in (CatalogueBook.ResolveLeadUnit).
 */
export function leadUnitOf(leadUnit: string | null | undefined, gridCode: string): string | null {
  if (!leadUnit) {
    return null;
  }
  return leadUnit === territoryToken ? `street-${gridCode.slice(0, 9)}` : leadUnit;
}

/** The clock a case is judged by now: the reddest running clock, then the earliest due. */
export function headlineClock(clocks: readonly CaseClock[] | undefined): CaseClock | null {
  const rank: Record<string, number> = { Red: 0, Yellow: 1, Green: 2 };
  const running = [...(clocks ?? [])].filter((clock) => clock.dueAt);
  // Instants, not strings: the server writes each deadline with the offset it was computed in
  // (a calendar deadline in +08:00, a leader's reply date as sent), so text order is not time order.
  running.sort((a, b) => (rank[a.colour ?? 'Green'] ?? 2) - (rank[b.colour ?? 'Green'] ?? 2) || Date.parse(String(a.dueAt)) - Date.parse(String(b.dueAt)));
  return running[0] ?? null;
}
