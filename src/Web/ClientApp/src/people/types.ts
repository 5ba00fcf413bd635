/** The wire shapes of people on the maps (src/Grains/Positions, src/Grains/Teams, LiveHub.AreaPeople). */

export type SubjectKind = 'Worker' | 'Team';

/** A grid worker (by user id) or a field team (by unit id); `key` is "worker:{id}" / "team:{id}". */
export interface PositionSubject {
  kind: SubjectKind;
  id: string;
  key: string;
}

export interface PositionFix {
  longitude: number;
  latitude: number;
  accuracyMetres: number | null;
  takenAt: string;
  receivedAt: string;
}

/** A subject's newest fix, pushed at most once a second per subject (hub method `Positions`). */
export interface PositionUpdate {
  subject: PositionSubject;
  homeArea: string;
  fix: PositionFix;
}

/** Reachable or not, since when (hub method `Presence`); the newest version wins. */
export interface PresenceUpdate {
  subject: PositionSubject;
  homeArea: string;
  online: boolean;
  since: string;
  lastHeardAt: string | null;
  version: number;
}

/** The canonical meaning of a field team's status (TeamStatus); local names map onto these. */
export type TeamStatus = 'Available' | 'Dispatched' | 'EnRoute' | 'OnScene' | 'Returning' | 'OutOfService';

export const teamStatuses: readonly TeamStatus[] = ['Available', 'Dispatched', 'EnRoute', 'OnScene', 'Returning', 'OutOfService'];

/** A field team as GET /api/units/{id}/teams and the `Teams` push describe it. */
export interface TeamView {
  teamId: string;
  unitId: string;
  status: TeamStatus;
  since: string | null;
  overstaysAt: string | null;
  /** Stays in its status past the threshold now. */
  warning: boolean;
  /** How many times it has overstayed (a count kept by the team). */
  warnings: number;
  /** The district's own name for the status (Teams:LocalStatuses); null under the canonical name. */
  localStatus?: { code: string; name: { zhCn: string; en: string } } | null;
}

/** What the hub pushes of a team (method `Teams`); the newest version wins. */
export interface TeamUpdate {
  team: TeamView;
  areaCode: string;
  version: number;
}

/** The answer of SubscribeAreaPositions: where the area's people are and whether each is reachable. */
export interface AreaPeople {
  positions: PositionUpdate[];
  presence: PresenceUpdate[];
}

/** A unit of the catalogue (GET /api/units). */
export interface UnitInfo {
  id: string;
  name: { zhCn: string; en: string };
  kind: string;
  areaCode: string;
  parentUnitId: string | null;
}

/** A track read back (GET /api/positions/{workers|teams}/{id}/track). */
export interface TrackResponse {
  subject: string;
  from: string;
  to: string;
  points: PositionFix[];
  truncated: boolean;
  recordedAt: string;
}
