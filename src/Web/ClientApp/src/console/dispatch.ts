/**
 * The dispatch recommendation (issue 8 point 5) as the dispatcher's form reads it: the answer of
 * `GET /api/incidents/{id}/team-recommendation?unitId=`, which team the form starts on, and the
 * body the chosen team adds to the dispatch. The server ranks, both here and at the moment of
 * dispatch (where it records the rank the chosen team had); the page only shows and chooses.
 */
import type { LocalizedText } from './details';

export type TeamStatus = 'Available' | 'Dispatched' | 'EnRoute' | 'OnScene' | 'Returning' | 'OutOfService';

export const teamStatuses: readonly TeamStatus[] = ['Available', 'Dispatched', 'EnRoute', 'OnScene', 'Returning', 'OutOfService'];

export interface TeamRecommendation {
  rank: number;
  teamId: string;
  name: LocalizedText;
  status: TeamStatus;
  /** Straight-line distance to the case in whole metres; null when the team has sent no position. */
  distanceMetres: number | null;
  /** Open cases dispatched to the team. */
  load: number;
  /** False for a team out of service: listed, never chosen. */
  selectable: boolean;
  reasons: LocalizedText[];
  /** The district's own name for the team's status (Teams:LocalStatuses); null under the canonical name. */
  localStatus?: { code: string; name: LocalizedText } | null;
}

export interface TeamRankingAnswer {
  incidentId: string;
  unitId: string;
  unitName: LocalizedText;
  leadUnit: boolean;
  teams: TeamRecommendation[];
  rankedAt: string;
}

/** The value of the "no team" choice. */
export const noTeam = '';

export function recommendationPath(incidentId: string, unitId: string | null): string {
  const path = `/api/incidents/${encodeURIComponent(incidentId)}/team-recommendation`;
  return unitId ? `${path}?unitId=${encodeURIComponent(unitId)}` : path;
}

/** The form starts on the best team that may be chosen (rank 1 unless it is out of service), else on no team. */
export function defaultTeam(teams: readonly TeamRecommendation[]): string {
  return [...teams].sort((a, b) => a.rank - b.rank).find((team) => team.selectable)?.teamId ?? noTeam;
}

/** The choice kept when the ranking is fetched again: the same team if it is still there and may be chosen, else the default. */
export function keptTeam(chosen: string, teams: readonly TeamRecommendation[]): string {
  if (chosen === noTeam) {
    return noTeam;
  }
  return teams.some((team) => team.teamId === chosen && team.selectable) ? chosen : defaultTeam(teams);
}

/** The dispatch body with the chosen team; "no team" sends none, and only a team of the ranking shown is ever sent. */
export function withTeam(body: Record<string, unknown>, chosen: string, teams: readonly TeamRecommendation[]): Record<string, unknown> {
  const next = { ...body };
  delete next.teamId;
  if (chosen !== noTeam && teams.some((team) => team.teamId === chosen)) {
    next.teamId = chosen;
  }
  return next;
}

/** 850 m, 1.2 km, or null without a position (the caller says "no position" in its language). */
export function distanceText(metres: number | null): string | null {
  if (metres === null) {
    return null;
  }
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}
