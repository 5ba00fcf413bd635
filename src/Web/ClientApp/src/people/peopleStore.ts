import type { AreaPeople, PositionFix, PositionUpdate, PresenceUpdate, SubjectKind, TeamUpdate, TeamView } from './types';

/** Reachable or not, as the tracker last said. */
export interface Presence {
  online: boolean;
  since: string;
  lastHeardAt: string | null;
  version: number;
}

/** A team's status as held: `version` null when it came from a read (GET), which any push outranks. */
export interface HeldTeam {
  view: TeamView;
  areaCode: string;
  version: number | null;
}

/**
 * A grid worker or field team on the maps. Replaced, never mutated, on every change: a layer or
 * a list tells what changed by identity.
 */
export interface Person {
  key: string;
  kind: SubjectKind;
  id: string;
  homeArea: string | null;
  fix: PositionFix | null;
  presence: Presence | null;
  team: HeldTeam | null;
  /** A team of the area's roster: listed even when it has sent nothing, and never pruned. */
  rostered: boolean;
}

/** The headline figures of the people layer. */
export interface PeopleFigures {
  reachableWorkers: number;
  workers: number;
  reachableTeams: number;
  availableTeams: number;
  teams: number;
  /** Teams overstaying their status now. */
  warnings: number;
}

export interface PeopleStoreOptions {
  /** Subjects neither reachable nor heard from for this long leave the store (a bounded memory over hours). */
  silenceMs?: number;
  now?: () => number;
}

/** How long an unreachable subject stays listed: the hour an area's positions snapshot looks back too. */
export const defaultSilenceMs = 60 * 60 * 1000;

export function subjectKey(kind: SubjectKind, id: string): string {
  return `${kind === 'Worker' ? 'worker' : 'team'}:${id}`;
}

function time(iso: string | null | undefined): number {
  const parsed = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

/** When the subject was last heard from: its newest fix or the tracker's last heard time. */
export function lastHeard(person: Person): number {
  return Math.max(time(person.fix?.takenAt), time(person.presence?.lastHeardAt), time(person.presence?.since));
}

/**
 * Whether an area code belongs to the watched area: inside it (grids and streets below it) or
 * above it (a district team serves every street of its district).
 */
export function areaMatcher(areaCode: string): (code: string) => boolean {
  return (code) => code.startsWith(areaCode) || areaCode.startsWith(code);
}

/**
 * The people of an area as the hub tells them: positions (the fix taken last wins: devices resend
 * older fixes after a reconnect), presence and team status (the highest version wins: pushes are
 * hints and may overtake the snapshot). Listeners hear once per applied batch.
 */
export class PeopleStore {
  private readonly people = new Map<string, Person>();
  private readonly listeners = new Set<() => void>();
  private readonly silenceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inScope: (areaCode: string) => boolean,
    options: PeopleStoreOptions = {},
  ) {
    this.silenceMs = options.silenceMs ?? defaultSilenceMs;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.people.size;
  }

  get(key: string): Person | undefined {
    return this.people.get(key);
  }

  values(): Person[] {
    return [...this.people.values()];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The answer of SubscribeAreaPositions: merged by the same rules as pushes (it may be older than one). */
  applySnapshot(snapshot: AreaPeople): void {
    const changed = this.mergePositions(snapshot.positions) + this.mergePresence(snapshot.presence);
    this.notify(changed);
  }

  applyPositions(updates: readonly PositionUpdate[]): void {
    this.notify(this.mergePositions(updates));
  }

  applyPresence(updates: readonly PresenceUpdate[]): void {
    this.notify(this.mergePresence(updates));
  }

  applyTeams(updates: readonly TeamUpdate[]): void {
    let changed = 0;
    for (const update of updates) {
      if (!this.inScope(update.areaCode)) {
        continue;
      }
      const key = subjectKey('Team', update.team.teamId);
      const held = this.people.get(key)?.team;
      if (held && held.version !== null && held.version >= update.version) {
        continue;
      }
      this.put(key, 'Team', update.team.teamId, (person) => ({ ...person, team: { view: update.team, areaCode: update.areaCode, version: update.version } }));
      changed++;
    }
    this.notify(changed);
  }

  /**
   * The area's teams as read from GET /api/units/{id}/teams (they are listed from then on). A read
   * carries no version, so it fills in only what no push has told yet.
   */
  applyTeamReads(teams: readonly { view: TeamView; areaCode: string }[]): void {
    let changed = 0;
    for (const { view, areaCode } of teams) {
      const key = subjectKey('Team', view.teamId);
      const existing = this.people.get(key);
      if (existing?.team?.version != null) {
        if (!existing.rostered) {
          this.people.set(key, { ...existing, rostered: true });
          changed++;
        }
        continue;
      }
      this.put(key, 'Team', view.teamId, (person) => ({ ...person, rostered: true, team: { view, areaCode, version: null } }));
      changed++;
    }
    this.notify(changed);
  }

  /**
   * Forgets subjects that are not reachable and were last heard from longer ago than the silence
   * allows; a rostered team stays listed but loses its stale position. Returns how many changed.
   */
  prune(): number {
    const cutoff = this.now() - this.silenceMs;
    let changed = 0;
    for (const [key, person] of this.people) {
      if (person.presence?.online || lastHeard(person) >= cutoff) {
        continue;
      }
      if (person.rostered) {
        if (person.fix || person.presence) {
          this.people.set(key, { ...person, fix: null, presence: null });
          changed++;
        }
      } else {
        this.people.delete(key);
        changed++;
      }
    }
    this.notify(changed);
    return changed;
  }

  private mergePositions(updates: readonly PositionUpdate[]): number {
    let changed = 0;
    for (const update of updates) {
      if (!this.inScope(update.homeArea)) {
        continue;
      }
      const held = this.people.get(update.subject.key)?.fix;
      if (held && time(held.takenAt) >= time(update.fix.takenAt)) {
        continue;
      }
      this.put(update.subject.key, update.subject.kind, update.subject.id, (person) => ({ ...person, homeArea: update.homeArea, fix: update.fix }));
      changed++;
    }
    return changed;
  }

  private mergePresence(updates: readonly PresenceUpdate[]): number {
    let changed = 0;
    for (const update of updates) {
      if (!this.inScope(update.homeArea)) {
        continue;
      }
      const held = this.people.get(update.subject.key)?.presence;
      if (held && held.version >= update.version) {
        continue;
      }
      const presence: Presence = { online: update.online, since: update.since, lastHeardAt: update.lastHeardAt, version: update.version };
      this.put(update.subject.key, update.subject.kind, update.subject.id, (person) => ({ ...person, homeArea: person.homeArea ?? update.homeArea, presence }));
      changed++;
    }
    return changed;
  }

  private put(key: string, kind: SubjectKind, id: string, change: (person: Person) => Person): void {
    const existing = this.people.get(key) ?? { key, kind, id, homeArea: null, fix: null, presence: null, team: null, rostered: false };
    this.people.set(key, change(existing));
  }

  private notify(changed: number): void {
    if (changed === 0) {
      return;
    }
    for (const listener of this.listeners) {
      listener();
    }
  }
}

/** One pass over the people, once per batch. */
export function peopleFigures(people: readonly Person[]): PeopleFigures {
  const figures: PeopleFigures = { reachableWorkers: 0, workers: 0, reachableTeams: 0, availableTeams: 0, teams: 0, warnings: 0 };
  for (const person of people) {
    const online = person.presence?.online === true;
    if (person.kind === 'Worker') {
      figures.workers++;
      figures.reachableWorkers += online ? 1 : 0;
    } else {
      figures.teams++;
      figures.reachableTeams += online ? 1 : 0;
      figures.availableTeams += person.team?.view.status === 'Available' ? 1 : 0;
      figures.warnings += person.team?.view.warning ? 1 : 0;
    }
  }
  return figures;
}

/** The list's order: warnings first, then the reachable, then by kind (teams first) and id. */
export function byUrgency(a: Person, b: Person): number {
  const rank = (person: Person) => (person.team?.view.warning ? 0 : person.presence?.online ? 1 : 2);
  return rank(a) - rank(b) || (a.kind === b.kind ? 0 : a.kind === 'Team' ? -1 : 1) || a.id.localeCompare(b.id);
}
