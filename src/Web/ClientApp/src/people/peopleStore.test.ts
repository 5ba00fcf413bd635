import { describe, expect, it } from 'vitest';
import { areaMatcher, byUrgency, PeopleStore, peopleFigures } from './peopleStore';
import type { PositionUpdate, PresenceUpdate, TeamStatus, TeamUpdate, TeamView } from './types';

const area = '510802';

function worker(id: string) {
  return { kind: 'Worker' as const, id, key: `worker:${id}` };
}

function position(id: string, takenAt: string, longitude = 105.84, homeArea = '510802002003003'): PositionUpdate {
  return { subject: worker(id), homeArea, fix: { longitude, latitude: 32.43, accuracyMetres: 5, takenAt, receivedAt: takenAt } };
}

function presence(id: string, online: boolean, version: number, since = '2026-11-26T08:00:00Z'): PresenceUpdate {
  return { subject: worker(id), homeArea: '510802002003003', online, since, lastHeardAt: since, version };
}

function view(teamId: string, status: TeamStatus, warning = false): TeamView {
  return { teamId, unitId: 'law-enforcement', status, since: '2026-11-26T08:00:00Z', overstaysAt: null, warning, warnings: warning ? 1 : 0 };
}

function team(teamId: string, status: TeamStatus, version: number, warning = false, areaCode = area): TeamUpdate {
  return { team: view(teamId, status, warning), areaCode, version };
}

describe('PeopleStore', () => {
  it('keeps the fix taken last, whatever order the pushes arrive in', () => {
    const store = new PeopleStore(areaMatcher(area));
    store.applyPositions([position('w1', '2026-11-26T08:00:02Z', 105.2)]);
    store.applyPositions([position('w1', '2026-11-26T08:00:01Z', 105.1)]);
    expect(store.get('worker:w1')?.fix?.longitude).toBe(105.2);
    store.applyPositions([position('w1', '2026-11-26T08:00:03Z', 105.3)]);
    expect(store.get('worker:w1')?.fix?.longitude).toBe(105.3);
    expect(store.size).toBe(1);
  });

  it('keeps the presence of the highest version', () => {
    const store = new PeopleStore(areaMatcher(area));
    store.applyPresence([presence('w1', true, 3)]);
    store.applyPresence([presence('w1', false, 2)]);
    expect(store.get('worker:w1')?.presence).toMatchObject({ online: true, version: 3 });
    store.applyPresence([presence('w1', false, 4, '2026-11-26T08:05:00Z')]);
    expect(store.get('worker:w1')?.presence).toMatchObject({ online: false, version: 4, since: '2026-11-26T08:05:00Z' });
  });

  it('keeps the team update of the highest version, and a read never overrides a push', () => {
    const store = new PeopleStore(areaMatcher(area));
    store.applyTeams([team('t1', 'Dispatched', 5)]);
    store.applyTeams([team('t1', 'Available', 4)]);
    expect(store.get('team:t1')?.team?.view.status).toBe('Dispatched');
    store.applyTeamReads([{ view: view('t1', 'Available'), areaCode: area }]);
    expect(store.get('team:t1')?.team).toMatchObject({ version: 5, view: { status: 'Dispatched' } });
    expect(store.get('team:t1')?.rostered).toBe(true);
    store.applyTeams([team('t1', 'EnRoute', 6)]);
    expect(store.get('team:t1')?.team?.view.status).toBe('EnRoute');
  });

  it('takes a read of a team no push has told of, and the next push replaces it', () => {
    const store = new PeopleStore(areaMatcher(area));
    store.applyTeamReads([{ view: view('t2', 'OutOfService'), areaCode: area }]);
    expect(store.get('team:t2')?.team).toMatchObject({ version: null, view: { status: 'OutOfService' } });
    store.applyTeams([team('t2', 'Available', 1)]);
    expect(store.get('team:t2')?.team).toMatchObject({ version: 1, view: { status: 'Available' } });
  });

  it('ignores people and teams of other areas, and keeps a district team on a street console', () => {
    const store = new PeopleStore(areaMatcher('510802002'));
    store.applyPositions([position('far', '2026-11-26T08:00:01Z', 105.84, '510802008001001')]);
    store.applyTeams([team('street-team', 'Available', 1, false, '510802008'), team('district-team', 'Available', 1, false, '510802')]);
    expect(store.values().map((person) => person.key)).toEqual(['team:district-team']);
  });

  it('replaces a changed person and leaves the others as they were', () => {
    const store = new PeopleStore(areaMatcher(area));
    store.applySnapshot({ positions: [position('w1', '2026-11-26T08:00:01Z'), position('w2', '2026-11-26T08:00:01Z')], presence: [presence('w1', true, 1)] });
    const [w1, w2] = [store.get('worker:w1'), store.get('worker:w2')];
    store.applyPositions([position('w1', '2026-11-26T08:00:05Z')]);
    expect(store.get('worker:w1')).not.toBe(w1);
    expect(store.get('worker:w2')).toBe(w2);
  });

  it('tells its listeners once per batch that changed something, and not for a stale one', () => {
    const store = new PeopleStore(areaMatcher(area));
    let heard = 0;
    store.subscribe(() => heard++);
    store.applyPositions([position('w1', '2026-11-26T08:00:02Z'), position('w2', '2026-11-26T08:00:02Z')]);
    store.applyPositions([position('w1', '2026-11-26T08:00:01Z')]);
    expect(heard).toBe(1);
  });

  it('forgets the unreachable not heard from for long, keeps the reachable, and keeps rostered teams without their stale fix', () => {
    let now = Date.parse('2026-11-26T10:00:00Z');
    const store = new PeopleStore(areaMatcher(area), { silenceMs: 60 * 60 * 1000, now: () => now });
    store.applyPositions([position('gone', '2026-11-26T08:30:00Z'), position('quiet-but-online', '2026-11-26T08:30:00Z'), position('recent', '2026-11-26T09:30:00Z')]);
    store.applyPresence([presence('quiet-but-online', true, 1, '2026-11-26T08:30:00Z'), presence('gone', false, 1, '2026-11-26T08:31:00Z')]);
    store.applyTeamReads([{ view: view('t1', 'Available'), areaCode: area }]);
    store.applyPositions([{ ...position('x', '2026-11-26T08:00:00Z'), subject: { kind: 'Team', id: 't1', key: 'team:t1' }, homeArea: area }]);

    expect(store.prune()).toBe(2);
    expect(store.values().map((person) => person.key).sort()).toEqual(['team:t1', 'worker:quiet-but-online', 'worker:recent']);
    expect(store.get('team:t1')?.fix).toBeNull();

    now += 60 * 60 * 1000;
    store.prune();
    expect(store.values().map((person) => person.key).sort()).toEqual(['team:t1', 'worker:quiet-but-online']);
  });
});

describe('peopleFigures and byUrgency', () => {
  it('counts reachable workers, available teams and warnings, and lists warnings first', () => {
    const store = new PeopleStore(areaMatcher(area));
    store.applyPresence([presence('w1', true, 1), presence('w2', false, 1)]);
    store.applyTeams([team('a', 'Available', 1), team('b', 'Dispatched', 2, true), team('c', 'Available', 1)]);
    expect(peopleFigures(store.values())).toEqual({ reachableWorkers: 1, workers: 2, reachableTeams: 0, availableTeams: 2, teams: 3, warnings: 1 });
    expect(store.values().sort(byUrgency).map((person) => person.key)).toEqual(['team:b', 'worker:w1', 'team:a', 'team:c', 'worker:w2']);
  });
});
