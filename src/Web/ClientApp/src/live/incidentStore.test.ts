import { describe, expect, it } from 'vitest';
import { IncidentStore } from './incidentStore';
import { areaScope, unitScope } from './scopes';
import { delta, snapshot, summary } from './testing';

const district = () => new IncidentStore(areaScope('510802').contains);

describe('IncidentStore deltas', () => {
  it('applies a delta for a new case in scope', () => {
    const store = district();
    expect(store.applyDeltas([delta('a', 1)])).toBe(1);
    expect(store.get('a')?.version).toBe(1);
    expect(store.size).toBe(1);
  });

  it('applies a newer version and ignores an equal or older one', () => {
    const store = district();
    store.applyDeltas([delta('a', 3, { state: 'Registered' })]);
    expect(store.applyDeltas([delta('a', 2, { state: 'PendingRegistration' }), delta('a', 3, { state: 'Reported' })])).toBe(0);
    expect(store.get('a')?.state).toBe('Registered');
    expect(store.applyDeltas([delta('a', 4, { state: 'Dispatched' })])).toBe(1);
    expect(store.get('a')).toMatchObject({ version: 4, state: 'Dispatched' });
  });

  it('keeps one entry per case however many deltas arrive', () => {
    const store = district();
    store.applyDeltas([delta('a', 1), delta('a', 2), delta('b', 1), delta('a', 3)]);
    expect(store.size).toBe(2);
    expect(store.values().map((s) => s.id).sort()).toEqual(['a', 'b']);
  });

  it('drops a case that closes and does not bring it back for an older delta', () => {
    const store = district();
    store.applyDeltas([delta('a', 5, { state: 'PendingClose' })]);
    store.applyDeltas([delta('a', 6, { state: 'Closed' })]);
    expect(store.get('a')).toBeUndefined();
    expect(store.applyDeltas([delta('a', 5, { state: 'PendingClose' })])).toBe(0);
    expect(store.get('a')).toBeUndefined();
    expect(store.versionOf('a')).toBe(6);
  });

  it('drops a case merged into another one', () => {
    const store = district();
    store.applyDeltas([delta('dup', 1)]);
    store.applyDeltas([delta('dup', 2, { mergedInto: 'original' })]);
    expect(store.get('dup')).toBeUndefined();
  });

  it('ignores cases outside its area', () => {
    const store = new IncidentStore(areaScope('510802002').contains);
    store.applyDeltas([delta('here', 1), delta('elsewhere', 1, { gridCode: '510802001001001' })]);
    expect(store.values().map((s) => s.id)).toEqual(['here']);
  });

  it('loses a case from a unit queue when it is reassigned', () => {
    const store = new IncidentStore(unitScope('law-enforcement').contains);
    store.applyDeltas([delta('a', 3, { state: 'Dispatched', assignedUnitId: 'law-enforcement' })]);
    expect(store.size).toBe(1);
    store.applyDeltas([delta('a', 4, { state: 'Dispatched', assignedUnitId: 'housing' })]);
    expect(store.size).toBe(0);
  });

  it('notifies once per batch that changed something and not for a stale batch', () => {
    const store = district();
    let notified = 0;
    store.subscribe(() => notified++);
    store.applyDeltas([delta('a', 1), delta('b', 1), delta('c', 1)]);
    store.applyDeltas([delta('a', 1)]);
    expect(notified).toBe(1);
    expect(store.revision).toBe(1);
  });

  it('uses the delta version even when the summary carries another number', () => {
    const store = district();
    store.applyDeltas([{ ...delta('a', 7), summary: summary('a', 2) }]);
    expect(store.get('a')?.version).toBe(7);
  });

  it('remembers a bounded number of departed cases', () => {
    const store = new IncidentStore(areaScope('510802').contains, { departedLimit: 2 });
    store.applyDeltas([delta('a', 2, { state: 'Closed' }), delta('b', 2, { state: 'Closed' }), delta('c', 2, { state: 'Closed' })]);
    expect(store.versionOf('a')).toBe(0);
    expect(store.versionOf('b')).toBe(2);
    expect(store.versionOf('c')).toBe(2);
  });
});

describe('IncidentStore snapshots', () => {
  it('replaces the held set with the snapshot in one notification', () => {
    const store = district();
    store.applyDeltas([delta('gone', 1)]);
    let notified = 0;
    store.subscribe(() => notified++);
    store.applySnapshot(snapshot([summary('a', 1), summary('b', 2)]));
    expect(store.values().map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(notified).toBe(1);
    expect(store.takenAt).toBe('2026-11-26T08:00:01Z');
  });

  it('keeps a newer held version over an older one in the snapshot', () => {
    const store = district();
    store.applyDeltas([delta('a', 5, { state: 'Dispatched' })]);
    store.applySnapshot(snapshot([summary('a', 4, { state: 'Registered' })]));
    expect(store.get('a')).toMatchObject({ version: 5, state: 'Dispatched' });
  });

  it('takes the snapshot version when it is newer than the one held', () => {
    const store = district();
    store.applyDeltas([delta('a', 2)]);
    store.applySnapshot(snapshot([summary('a', 6, { state: 'InProgress' })]));
    expect(store.get('a')).toMatchObject({ version: 6, state: 'InProgress' });
  });

  it('does not resurrect a case that left after the snapshot was read', () => {
    const store = district();
    store.beginResync();
    store.applyDeltas([delta('a', 9, { state: 'Closed' })]);
    store.applySnapshot(snapshot([summary('a', 8, { state: 'PendingClose' })]));
    expect(store.get('a')).toBeUndefined();
  });

  it('ignores deltas older than the snapshot that arrive after it', () => {
    const store = district();
    store.applySnapshot(snapshot([summary('a', 4)]));
    expect(store.applyDeltas([delta('a', 3), delta('a', 4)])).toBe(0);
    expect(store.get('a')?.version).toBe(4);
  });

  it('keeps snapshot counters of an area', () => {
    const store = district();
    const counters = { rows: [{ state: 'Reported' as const, category: 'CG', count: 2 }] };
    store.applySnapshot({ ...snapshot([]), counters });
    expect(store.counters).toEqual(counters);
  });
});

describe('IncidentStore resync after a reconnect', () => {
  it('drops cases that left the scope while offline and adds those that entered', () => {
    const store = district();
    store.applySnapshot(snapshot([summary('stays', 1), summary('closedWhileOffline', 3)]));
    // Offline: the deltas that closed one case and reported another never arrived.
    store.beginResync();
    store.applySnapshot(snapshot([summary('stays', 2, { state: 'Registered' }), summary('newWhileOffline', 1)]));
    expect(store.values().map((s) => s.id).sort()).toEqual(['newWhileOffline', 'stays']);
    expect(store.get('stays')).toMatchObject({ version: 2, state: 'Registered' });
    expect(store.resynchronising).toBe(false);
  });

  it('keeps a case a delta brought in between resubscribing and the snapshot', () => {
    const store = district();
    store.applySnapshot(snapshot([summary('a', 1)]));
    store.beginResync();
    store.applyDeltas([delta('b', 1)]);
    store.applySnapshot(snapshot([summary('a', 1)]));
    expect(store.values().map((s) => s.id).sort()).toEqual(['a', 'b']);
  });

  it('does not duplicate a case present both in a delta and in the snapshot', () => {
    const store = district();
    store.beginResync();
    store.applyDeltas([delta('a', 2)]);
    store.applySnapshot(snapshot([summary('a', 2), summary('a', 1)]));
    expect(store.size).toBe(1);
    expect(store.get('a')?.version).toBe(2);
  });

  it('then ignores a replay of deltas the snapshot already covered', () => {
    const store = district();
    store.applySnapshot(snapshot([summary('a', 1)]));
    store.beginResync();
    store.applySnapshot(snapshot([summary('a', 5, { state: 'InProgress' })]));
    expect(store.applyDeltas([delta('a', 2), delta('a', 3), delta('a', 5)])).toBe(0);
    expect(store.get('a')).toMatchObject({ version: 5, state: 'InProgress' });
  });

  it('stays the same size after thousands of deltas about a bounded set of cases', () => {
    const store = district();
    const batch = [];
    for (let version = 1; version <= 4000; version++) {
      batch.push(delta(`case-${version % 40}`, version));
    }
    store.applyDeltas(batch);
    expect(store.size).toBe(40);
  });
});
