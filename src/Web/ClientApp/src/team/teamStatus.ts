/** A field team's canonical status (TeamStatus of src/Grains/Teams/TeamStatus.cs). */
export type TeamStatus = 'Available' | 'Dispatched' | 'EnRoute' | 'OnScene' | 'Returning' | 'OutOfService';

export const teamStatuses: readonly TeamStatus[] = ['Available', 'Dispatched', 'EnRoute', 'OnScene', 'Returning', 'OutOfService'];

/** One change of the team's status (TeamStatusChange). */
export interface TeamStatusChange {
  from: TeamStatus;
  to: TeamStatus;
  actorUserId: string;
  actorRole: string;
  at: string;
  reason: string | null;
}

/** The team as the server answers it (TeamView) and pushes it inside `Teams` updates. */
export interface TeamView {
  teamId: string;
  unitId: string;
  status: TeamStatus;
  since: string | null;
  overstaysAt: string | null;
  warning: boolean;
  warnings: number;
  history: TeamStatusChange[];
}

/** One element of the hub's `Teams` push (TeamUpdate). */
export interface TeamUpdate {
  team: TeamView;
  areaCode: string;
  version: number;
}

/**
 * Which status may follow which: a copy of TeamStatusRules, so the phone offers only the steps
 * that make sense. The server stays the judge: a refusal (409) names the steps it allows from the
 * status it holds, and the page takes those instead.
 */
const next: Record<TeamStatus, TeamStatus[]> = {
  Available: ['Dispatched', 'OutOfService'],
  Dispatched: ['EnRoute', 'Available', 'OutOfService'],
  EnRoute: ['OnScene', 'Returning', 'Available'],
  OnScene: ['Returning', 'Available'],
  Returning: ['Available', 'Dispatched'],
  OutOfService: ['Available'],
};

export function allowedFrom(status: TeamStatus): TeamStatus[] {
  return [...next[status]];
}

export function isTeamStatus(value: unknown): value is TeamStatus {
  return typeof value === 'string' && (teamStatuses as readonly string[]).includes(value);
}

const instant = (iso: string | null) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

/**
 * Whether a view of the team is newer than the one held. The answers of GET and POST carry no
 * version, but a view orders itself: every change moves `since` forward, and within one stay the
 * warning only ever comes and the count only ever grows. So a push that arrives after the answer
 * to the member's own change cannot take the page back.
 */
export function isNewer(held: TeamView | null, incoming: TeamView): boolean {
  if (!held) {
    return true;
  }
  const heldSince = instant(held.since);
  const incomingSince = instant(incoming.since);
  if (incomingSince !== heldSince) {
    return incomingSince > heldSince;
  }
  return incoming.warnings > held.warnings || (incoming.warning && !held.warning);
}

/** Whether the team has overstayed its status: the server said so, or the instant it named has passed. */
export function overstays(team: TeamView, now: number): boolean {
  return team.warning || (team.overstaysAt !== null && now >= Date.parse(team.overstaysAt));
}
