import type { IncidentRecord } from './details';
import type { IncidentSummary } from '../live/types';

/** One open case a report likely duplicates, as GET /api/incidents/{id}/duplicates lists it (DuplicateCandidateResponse). */
export interface DuplicateCandidate {
  incident: IncidentSummary;
  /** Great-circle distance between the two reported points, to 0.1 m. */
  distanceMeters: number;
}

/** GET /api/incidents/{id}/duplicates (DuplicatesResponse): nearest first. */
export interface DuplicatesAnswer {
  incidentId: string;
  mergedInto: string | null;
  likelyDuplicateOf: string[];
  candidates: DuplicateCandidate[];
}

/** A report merged into a case (MergedReport on the original). */
export interface MergedReport {
  incidentId: string;
  reporterUserId: string;
  mergedAt: string;
}

/**
 * The short number a person reads and says aloud: the last eight hex digits of the id. Ids are
 * UUIDv7, whose leading digits are the time, so two reports of the same minute share a prefix
 * but not their random tail.
 */
export function caseNumber(id: string): string {
  const digits = id.replace(/-/g, '');
  return digits.length <= 8 ? digits : digits.slice(-8);
}

/** Whole metres: the search works in tens of metres, and an operator compares, not measures. */
export function wholeMetres(distanceMeters: number): number {
  return Math.round(distanceMeters);
}

/**
 * Whether the case panel looks for candidates: only where the caller may merge (intake or the
 * shift leader, on a report not yet taken further and not merged); the server decides that in
 * `allowed`, so the console asks nothing of a case it could not merge.
 */
export function looksForCandidates(incident: IncidentRecord, allowed: readonly string[]): boolean {
  return allowed.includes('merge') && !incident.mergedInto;
}

/** Flagged at intake and not merged (yet): what the 疑似重复 badge says. */
export function isLikelyDuplicate(incident: Pick<IncidentRecord, 'likelyDuplicateOf' | 'mergedInto'> | null | undefined): boolean {
  return !!incident && (incident.likelyDuplicateOf?.length ?? 0) > 0 && !incident.mergedInto;
}

/**
 * The candidates one may merge into, in the server's order (nearest first): never the case
 * itself, nor a case merged elsewhere meanwhile, which the server would refuse as a target.
 */
export function mergeTargets(answer: DuplicatesAnswer): DuplicateCandidate[] {
  return answer.candidates.filter((candidate) => candidate.incident.id !== answer.incidentId && !candidate.incident.mergedInto);
}

/** The reports merged into a case, the latest merge first: the one an operator most likely comes to undo. */
export function mergedReportsOf(incident: Pick<IncidentRecord, 'mergedReports'> | null | undefined): MergedReport[] {
  return [...(incident?.mergedReports ?? [])].sort((a, b) => b.mergedAt.localeCompare(a.mergedAt));
}
