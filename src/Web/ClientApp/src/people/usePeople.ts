import { onBeforeUnmount, onMounted, shallowRef, type ShallowRef } from 'vue';
import { api } from '../api/http';
import { liveConnection } from '../live/useLive';
import { watchAreaPeople } from './peopleFeed';
import { areaMatcher, PeopleStore } from './peopleStore';
import type { Person } from './peopleStore';
import type { TeamView, UnitInfo } from './types';

/** How often the silent are looked for: a minute is fine-grained enough against an hour of silence. */
const pruneEveryMs = 60_000;

export interface LivePeople {
  people: ShallowRef<Person[]>;
  /** Names of the area's field teams by id (from the catalogue). */
  teamNames: ShallowRef<ReadonlyMap<string, UnitInfo['name']>>;
  /** The hub refused positions to this user (not one who dispatches or leads the area). */
  refused: ShallowRef<boolean>;
}

/**
 * The grid workers and field teams of an area for a view, live: the hub's positions and presence,
 * the teams' status from the hub and from a read of their units' teams. The list is replaced once
 * per change, never mutated.
 */
export function usePeople(areaCode: string): LivePeople {
  const people = shallowRef<Person[]>([]);
  const teamNames = shallowRef<ReadonlyMap<string, UnitInfo['name']>>(new Map());
  const refused = shallowRef(false);
  const inScope = areaMatcher(areaCode);
  const store = new PeopleStore(inScope);
  const aborter = new AbortController();
  let stopFeed: (() => void) | null = null;
  let stopListening: (() => void) | null = null;
  let pruning: ReturnType<typeof setInterval> | null = null;
  let units: Promise<UnitInfo[]> | null = null;

  /** The area's teams come from the catalogue; their status from their parent unit's list (one read per unit). */
  async function readRoster(): Promise<void> {
    // Read once per view; a failed read is tried again at the next reconnect.
    units ??= api<UnitInfo[]>('/api/units', { signal: aborter.signal }).catch((error: unknown) => {
      units = null;
      throw error;
    });
    const teams = (await units).filter((unit) => unit.kind === 'FieldTeam' && inScope(unit.areaCode));
    teamNames.value = new Map(teams.map((team) => [team.id, team.name]));
    const areaOf = new Map(teams.map((team) => [team.id, team.areaCode]));
    const parents = [...new Set(teams.map((team) => team.parentUnitId).filter((id): id is string => id !== null))];
    const lists = await Promise.all(
      parents.map((unitId) =>
        // A unit beyond the user's jurisdiction answers 403: its teams stay known from pushes only.
        api<TeamView[]>(`/api/units/${encodeURIComponent(unitId)}/teams`, { signal: aborter.signal }).catch((): TeamView[] => []),
      ),
    );
    store.applyTeamReads(lists.flat().filter((view) => areaOf.has(view.teamId)).map((view) => ({ view, areaCode: areaOf.get(view.teamId)! })));
  }

  onMounted(() => {
    stopListening = store.subscribe(() => (people.value = store.values()));
    stopFeed = watchAreaPeople(liveConnection(), areaCode, store, {
      readRoster,
      onRefused: () => (refused.value = true),
    });
    pruning = setInterval(() => store.prune(), pruneEveryMs);
  });

  onBeforeUnmount(() => {
    aborter.abort();
    stopListening?.();
    stopFeed?.();
    if (pruning !== null) {
      clearInterval(pruning);
    }
  });

  return { people, teamNames, refused };
}
