/** A field team's canonical status (TeamStatus of src/Grains/Teams/TeamStatus.cs). */
export type TeamStatus = 'Available' | 'Dispatched' | 'EnRoute' | 'OnScene' | 'Returning' | 'OutOfService';

export const teamStatuses: readonly TeamStatus[] = ['Available', 'Dispatched', 'EnRoute', 'OnScene', 'Returning', 'OutOfService'];

/** A name in the two languages the product ships (LocalizedText). */
export interface Text {
  zhCn: string;
  en: string;
}

/** A district's own name for a status (Teams:LocalStatuses): what members send, and its name. */
export interface LocalStatus {
  code: string;
  name: Text;
}

/** One status the team may change to (TeamStatusChoice): canonical, under a local name or none. */
export interface TeamStatusChoice {
  status: TeamStatus;
  localStatus: LocalStatus | null;
  /** What to send: the local code, else the canonical name. */
  value: string;
}

/** One change of the team's status (TeamStatusChange), with the local names used on each side. */
export interface TeamStatusChange {
  from: TeamStatus;
  to: TeamStatus;
  actorUserId: string;
  actorRole: string;
  at: string;
  reason: string | null;
  fromLocal?: LocalStatus | null;
  toLocal?: LocalStatus | null;
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
  /** The district's name for the status; null under the canonical name. */
  localStatus?: LocalStatus | null;
  /** What the members may choose next, local names included, as the server's rules say. */
  choices?: TeamStatusChoice[];
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

/** A choice under its canonical name only. */
export function canonicalChoice(status: TeamStatus): TeamStatusChoice {
  return { status, localStatus: null, value: status };
}

function isChoice(value: unknown): value is TeamStatusChoice {
  const choice = value as TeamStatusChoice | null;
  return typeof choice === 'object' && choice !== null && isTeamStatus(choice.status) && typeof choice.value === 'string'
    && (choice.localStatus === null || choice.localStatus === undefined || typeof choice.localStatus.code === 'string');
}

/**
 * The steps to offer: the server's choices (which know the district's local names), else the
 * rules' copy under canonical names (an answer from a server that sends no choices).
 */
export function choicesOf(view: TeamView): TeamStatusChoice[] {
  return Array.isArray(view.choices) ? view.choices.filter(isChoice) : allowedFrom(view.status).map(canonicalChoice);
}

/** The choices a refusal (409) names: its `choices`, else its canonical `allowed`. */
export function refusedChoices(problem: { readonly [extension: string]: unknown }): TeamStatusChoice[] {
  if (Array.isArray(problem.choices)) {
    return problem.choices.filter(isChoice);
  }
  return Array.isArray(problem.allowed) ? problem.allowed.filter(isTeamStatus).map(canonicalChoice) : [];
}

/** A local name in the page's language (anything not English reads zh-CN, as on the server). */
export function localName(local: LocalStatus, locale: string): string {
  return locale.startsWith('en') ? local.name.en : local.name.zhCn;
}

/**
 * How a status reads: its local name when it has one, else the canonical label;
 * `canonical` says the canonical label (from the page's messages).
 */
export function statusName(status: TeamStatus, local: LocalStatus | null | undefined, locale: string, canonical: (status: TeamStatus) => string): string {
  return local ? localName(local, locale) : canonical(status);
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
