import { describe, expect, it } from 'vitest';
import type { AssessmentLink } from '../live/assessmentFeed';
import type { ConnectionStatus } from '../live/liveConnection';
import { watchAreaPeople } from './peopleFeed';
import { areaMatcher, PeopleStore } from './peopleStore';
import type { AreaPeople, PositionUpdate } from './types';

function fix(id: string, takenAt: string, longitude: number): PositionUpdate {
  return { subject: { kind: 'Worker', id, key: `worker:${id}` }, homeArea: '510802002003003', fix: { longitude, latitude: 32.43, accuracyMetres: null, takenAt, receivedAt: takenAt } };
}

/** The connection as the people feed sees it: a status, pushes by method, and a snapshot it answers. */
class FakeLink implements AssessmentLink {
  status: ConnectionStatus = 'connecting';
  readonly calls: string[] = [];
  snapshot: AreaPeople = { positions: [], presence: [] };
  readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  readonly pushListeners = new Map<string, Set<(payload: unknown) => void>>();

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }
  onPush<T>(method: string, listener: (payload: T) => void): () => void {
    const listeners = this.pushListeners.get(method) ?? new Set();
    this.pushListeners.set(method, listeners);
    listeners.add(listener as (payload: unknown) => void);
    return () => listeners.delete(listener as (payload: unknown) => void);
  }
  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push(`${method}(${args.join(',')})`);
    return Promise.resolve(structuredClone(this.snapshot) as T);
  }
  push(method: string, payload: unknown) {
    this.pushListeners.get(method)?.forEach((listener) => listener(payload));
  }
  setStatus(status: ConnectionStatus) {
    this.status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchAreaPeople', () => {
  it('subscribes on every reconnect, merges the snapshot, and reads the roster again', async () => {
    const link = new FakeLink();
    const store = new PeopleStore(areaMatcher('510802'));
    let rosterReads = 0;
    watchAreaPeople(link, '510802', store, { readRoster: async () => void rosterReads++ });
    link.snapshot = { positions: [fix('w1', '2026-11-26T08:00:01Z', 105.1)], presence: [] };
    link.setStatus('online');
    await settle();
    link.setStatus('reconnecting');
    link.setStatus('online');
    await settle();
    expect(link.calls).toEqual(['SubscribeAreaPositions(510802)', 'SubscribeAreaPositions(510802)']);
    expect(rosterReads).toBe(2);
    expect(store.get('worker:w1')?.fix?.longitude).toBe(105.1);
  });

  it('applies pushes, and a snapshot older than a push does not take the person back', async () => {
    const link = new FakeLink();
    const store = new PeopleStore(areaMatcher('510802'));
    watchAreaPeople(link, '510802', store);
    link.push('Positions', [fix('w1', '2026-11-26T08:00:05Z', 105.5)]);
    link.snapshot = { positions: [fix('w1', '2026-11-26T08:00:01Z', 105.1)], presence: [] };
    link.setStatus('online');
    await settle();
    expect(store.get('worker:w1')?.fix?.longitude).toBe(105.5);
    link.push('Teams', [{ team: { teamId: 't1', unitId: 'u', status: 'EnRoute', since: null, overstaysAt: null, warning: false, warnings: 0 }, areaCode: '510802', version: 2 }]);
    expect(store.get('team:t1')?.team?.view.status).toBe('EnRoute');
  });

  it('stops hearing pushes and leaves the group when stopped', async () => {
    const link = new FakeLink();
    const store = new PeopleStore(areaMatcher('510802'));
    const stop = watchAreaPeople(link, '510802', store);
    link.setStatus('online');
    await settle();
    stop();
    link.push('Positions', [fix('w1', '2026-11-26T08:00:05Z', 105.5)]);
    expect(store.size).toBe(0);
    expect(link.calls).toContain('Unsubscribe(positions:510802)');
  });

  it('tells a refusal, and still reads the roster', async () => {
    const link = new FakeLink();
    link.invoke = () => Promise.reject(new Error('Forbidden'));
    const store = new PeopleStore(areaMatcher('510802'));
    const refusals: unknown[] = [];
    let rosterReads = 0;
    watchAreaPeople(link, '510802', store, { onRefused: (error) => refusals.push(error), readRoster: async () => void rosterReads++ });
    link.setStatus('online');
    await settle();
    expect(refusals).toHaveLength(1);
    expect(rosterReads).toBe(1);
  });
});
