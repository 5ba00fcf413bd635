import { isOpen, type IncidentSummary } from './types';

/**
 * What a dashboard watches: the hub method that subscribes to it, its argument, and which cases
 * belong to it. One connection carries the deltas of every subscribed topic in the same callback
 * (a batch does not name its topic), so each store keeps only the cases its scope contains.
 */
export interface LiveScope {
  readonly key: string;
  readonly method: 'SubscribeArea' | 'SubscribeUnit' | 'SubscribeIncident' | 'SubscribeReports';
  /** Left out for a method that takes none (the hub refuses an argument it does not expect). */
  readonly argument?: string;
  contains(summary: IncidentSummary): boolean;
}

/**
 * The open cases of an area at any level. Area codes nest by prefix (district 510802, street
 * 510802002, ..., grid 510802002003003), so a case is in the area when its grid code starts with it.
 */
export function areaScope(areaCode: string): LiveScope {
  return {
    key: `area:${areaCode}`,
    method: 'SubscribeArea',
    argument: areaCode,
    contains: (summary) => isOpen(summary) && summary.gridCode.startsWith(areaCode),
  };
}

/** A unit's work queue: the open cases assigned to it. A case it loses leaves the queue. */
export function unitScope(unitId: string): LiveScope {
  return {
    key: `unit:${unitId}`,
    method: 'SubscribeUnit',
    argument: unitId,
    contains: (summary) => isOpen(summary) && summary.assignedUnitId === unitId,
  };
}

/** One case, open or finished: a case panel shows it to the end. */
export function incidentScope(incidentId: string): LiveScope {
  return {
    key: `incident:${incidentId}`,
    method: 'SubscribeIncident',
    argument: incidentId,
    contains: (summary) => summary.id === incidentId,
  };
}

/**
 * The caller's own reports (the hub's reporter channel, named after the signed-in user): every
 * change of a case they reported or whose duplicate they reported was merged into. The snapshot
 * is empty, and the same connection also carries other scopes' cases, so the scope holds only the
 * cases its owner already knows to be theirs.
 */
export function reportsScope(concerns: (incidentId: string) => boolean): LiveScope {
  return {
    key: 'reports',
    method: 'SubscribeReports',
    contains: (summary) => concerns(summary.id),
  };
}
